% Gate: the default generator reproduces MATLAB's values (Mersenne Twister, rng(0) is MATLAB's
% default seed), and a large draw feeds a fused expression identically on CPU and Vulkan.
% (Not named rng.m: a script beside the caller shadows the builtin, as in MATLAB.)
% parity: rtol=1e-12
rng(0);
x = rand(1, 5);
matlab = [0.814723686393179 0.905791937075619 0.126986816293506 0.913375856139019 0.632359246225410];
if any(abs(x - matlab) > 1e-15)
  error('gates:rng', 'rng(0); rand(1,5) differs from MATLAB''s values');
end
rng(42);
w = rand(1, 200000);
s = sum(exp(w) .* 2 - w);
fprintf('%.15e %.15e %.15e\n', x(1), w(end), s);
