% Elementwise chain benchmark (issue: foundation). N from RUNMAT_BENCH_N (default 1e7),
% repetitions from RUNMAT_BENCH_REPS (default 5). Kernel device times come from telemetry
% (--telemetry out.json --telemetry-format json); this script prints a checksum and the
% in-process time per repetition (inproc, seconds) for bench/run_suite.py.
N = str2double(getenv('RUNMAT_BENCH_N'));
if isnan(N), N = 1e7; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 5; end
x = gpuArray(single(linspace(0, 4*pi, N)));
% Repetition 0 warms up (device open, kernel compile or pipeline-cache load), as the
% PyTorch twins do; the time is the mean of repetitions 1..reps.
for k = 0:reps
  if k == 1, tic; end
  y = tanh(sin(x).*exp(-x/10)) + 0.1*x;
  materialize(y);
end
t = toc / reps;
s = gather(sum(y));
fprintf('N=%d reps=%d checksum=%.6e inproc=%.9e device=%s\n', N, reps, s, t, accel_device());
