% Gate: the same elementwise update inside a loop; each iteration is the same kernel, so the plan
% cache should hit after the first. The loop fuses: S stays deferred across iterations and is
% computed when stored deeper than the graph bound, so T steps are ceil(T/block) launches.
% parity: rtol=1e-12
S = linspace(1, 2, 100000);
a = 0.01;
for t = 1:20
  S = S .* exp(a - 0.5 * a^2 * (S > 1.5));
end
fprintf('%.15e %.15e\n', S(1), S(end));
