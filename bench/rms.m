% Chain + reduction benchmark: the root mean square sqrt(mean(x.^2)) of a resident vector, one
% fused pass over x. N from RUNMAT_BENCH_N, repetitions from RUNMAT_BENCH_REPS; prints checksum
% and inproc (seconds per repetition) for bench/run_suite.py.
N = str2double(getenv('RUNMAT_BENCH_N'));
if isnan(N), N = 1e7; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 5; end
x = gpuArray(linspace(-1, 1, N));
% Repetition 0 warms up (device open, kernel compile or pipeline-cache load), as the
% PyTorch twins do; the time is the mean of repetitions 1..reps.
for k = 0:reps
  if k == 1, tic; end
  r = gather(sqrt(mean(x.^2)));
end
t = toc / reps;
fprintf('N=%d reps=%d checksum=%.15e inproc=%.9e device=%s\n', N, reps, r, t, accel_device());
