% Gate: per-image statistics over dims 2-3 (vecdim) of a computed batch, the image-normalize
% pattern: the mean is one kernel, std reuses it from the moments cache (moments.hits = 1)
% and fuses its square root into the deviation kernel; then normalize and reduce.
% parity: rtol=1e-10
b = (1:16)';
X = 0.5 + (0.1 + 0.3*b/16) .* sin(0.013*(0:59) + 0.007*reshape(0:79, 1, 1, 80) + 0.5*b);
mu = mean(X, [2 3]);
sigma = std(X, 0, [2 3]);
Y = max(0.6 * ((X - mu) ./ sigma) + 0.2, 0);
mse = mean((Y - X).^2, 'all');
fprintf('%.15e %.15e %.15e\n', mu(3), sigma(7), mse);
