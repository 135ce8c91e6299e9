% Gate: a gpuArray stays resident between statements: one upload, the chain and the reduction
% on the device, and only the scalar results come back.
% parity: rtol=1e-12
x = gpuArray(linspace(0, 1, 300000));
y = sqrt(x .* 2 + 1);
s1 = gather(sum(y));
s2 = gather(mean(y .* x));
fprintf('%.15e %.15e\n', s1, s2);
