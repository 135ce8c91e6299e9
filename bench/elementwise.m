% Elementwise benchmark (issue 5): generate x = single(linspace(0, 4*pi, N)), run the chain
% sin .* exp, cos, .^2, tanh, and reduce with sum -- all inside the timed loop, because the
% point is that linspace is generated inside the fused kernel instead of being stored.
% Plain MATLAB, no gpuArray: where it runs is the offload policy's choice (RUNMAT_ACCEL).
% N from RUNMAT_BENCH_N (default 1e7), repetitions from RUNMAT_BENCH_REPS (default 5); prints
% checksum (the sum, of every element) and inproc (seconds per repetition) for
% bench/run_suite.py. Twins: elementwise() in bench/numpy_cases.py and bench/torch_cases.py.
N = str2double(getenv('RUNMAT_BENCH_N'));
if isnan(N), N = 1e7; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 5; end
% Repetition 0 warms up (device open, kernel compile or pipeline-cache load), as the
% PyTorch twins do; the time is the mean of repetitions 1..reps.
for k = 0:reps
  if k == 1, tic; end
  x = single(linspace(0, 4*pi, N));
  s = sum(tanh(sin(x) .* exp(-0.1*x) + cos(x).^2));
  materialize(s);
end
t = toc / reps;
fprintf('N=%d reps=%d checksum=%.9e inproc=%.9e device=%s\n', N, reps, double(s), t, ...
        accel_device());
