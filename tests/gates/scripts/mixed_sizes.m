% Gate: small work stays on the host (no kernels for it); large work is fused. The small
% results feed the large expression as scalars.
% parity: rtol=1e-12
a = linspace(0, 1, 100);
b = sum(a.^2 + 1);
c = max(cos(a));
acc = 0;
for k = 1:50
  acc = acc + k^2 / b;
end
x = linspace(0, 1, 500000);
y = exp(x) .* b + c * x - acc;
fprintf('%.15e %.15e %.15e\n', acc, y(1), sum(y));
