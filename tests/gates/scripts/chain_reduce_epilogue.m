% Gate: an elementwise chain ending in a reduction, followed by an elementwise epilogue on the
% reduced result (root mean square per column, then scaled).
% parity: rtol=1e-12
X = reshape(linspace(-2, 2, 400000), 1000, 400);
r = 2 * sqrt(mean(exp(-X.^2) .* 3, 1)) + 1;
total = sqrt(mean(X(:).^2));
fprintf('%.15e %.15e %.15e\n', r(1), r(end), total);
