% Image normalization benchmark (issue 5): a B-by-H-by-W single batch; per image the mean and
% standard deviation over dims 2-3, normalize, gain, bias, clamp at 0, gamma .^1.8, and the
% mean squared error of the result against the input. The planner's target is a two-pass plan
% (moments, then one fused pass) that keeps only the input and the per-image moments live.
% B, H, W from RUNMAT_BENCH_B/_H/_W (default 8, 1080, 1920: 66 MB); RUNMAT_BENCH_N is ignored
% (run_suite.py sets it to B*H*W). The input is a closed formula of the indices (no RNG), so
% every implementation sees the same pixels. Prints checksum (the MSE, which reads every output
% pixel) and inproc (seconds per repetition). Twins: image_normalize() in bench/numpy_cases.py
% and bench/torch_cases.py.
B = str2double(getenv('RUNMAT_BENCH_B'));
if isnan(B), B = 8; end
H = str2double(getenv('RUNMAT_BENCH_H'));
if isnan(H), H = 1080; end
W = str2double(getenv('RUNMAT_BENCH_W'));
if isnan(W), W = 1920; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 5; end
b = (1:B)';
h = 0:H-1;
w = reshape(0:W-1, 1, 1, W);
% Image b: a diagonal wave with contrast and brightness of its own, in [0.05, 0.95].
X = single(0.5 + (0.15 + 0.3*b/B) .* sin(0.013*h + 0.007*w + 0.5*b));
gain = single(0.6);
bias = single(0.2);
% Repetition 0 warms up (device open, kernel compile or pipeline-cache load), as the
% PyTorch twins do; the time is the mean of repetitions 1..reps.
for k = 0:reps
  if k == 1, tic; end
  mu = mean(X, [2 3]);
  sigma = std(X, 0, [2 3]);
  Y = max(gain * ((X - mu) ./ sigma) + bias, 0) .^ 1.8;
  mse = mean((Y - X).^2, 'all');
  materialize(mse);
end
t = toc / reps;
fprintf('B=%d H=%d W=%d reps=%d checksum=%.9e inproc=%.9e device=%s\n', B, H, W, reps, ...
        double(mse), t, accel_device());
