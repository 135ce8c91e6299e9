% Reduction benchmark: mean and standard deviation down the columns of a (N/64)-by-64 matrix
% (the standard deviation written out, as runmat has no std yet: a broadcast and a second
% reduction).
% N from RUNMAT_BENCH_N, repetitions from RUNMAT_BENCH_REPS; prints checksum and inproc
% (seconds per repetition) for bench/run_suite.py. NumPy/Torch twins: bench/numpy_cases.py,
% bench/torch_cases.py.
N = str2double(getenv('RUNMAT_BENCH_N'));
if isnan(N), N = 1e7; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 5; end
rows = floor(N / 64);
X = gpuArray(reshape(sin(linspace(0, 100, rows * 64)), rows, 64));
% Repetition 0 warms up (device open, kernel compile or pipeline-cache load), as the
% PyTorch twins do; the time is the mean of repetitions 1..reps.
for k = 0:reps
  if k == 1, tic; end
  m = mean(X, 1);
  s = sqrt(sum((X - m).^2, 1) / (rows - 1));
  materialize(m);
  materialize(s);
end
t = toc / reps;
c = gather(sum(m) + sum(s));
fprintf('N=%d reps=%d checksum=%.15e inproc=%.9e device=%s\n', N, reps, c, t, accel_device());
