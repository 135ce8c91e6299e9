% Batched NLMS benchmark (issue 5): C independent adaptive FIR filters of p taps (the p-by-C
% weights W), T steps of the normalized LMS update, single precision. Each channel identifies
% the same unknown FIR system h from a deterministic input signal (a sum of two sines per
% channel), so every implementation sees the same data; the step's tap vectors are the rows
% t..t+p-1 of the signal (a sliding window). The planner's target is one fused pass per step.
% C from RUNMAT_BENCH_N (default 2048), p from RUNMAT_BENCH_P (default 128), T from
% RUNMAT_BENCH_T (default 200). Signal and desired output are built before the timer starts.
% Prints checksum (sum of all weights after T steps) and inproc (seconds per repetition).
% Twins: nlms() in bench/numpy_cases.py and bench/torch_cases.py.
C = str2double(getenv('RUNMAT_BENCH_N'));
if isnan(C), C = 2048; end
p = str2double(getenv('RUNMAT_BENCH_P'));
if isnan(p), p = 128; end
T = str2double(getenv('RUNMAT_BENCH_T'));
if isnan(T), T = 200; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 3; end
kk = (0:T+p-2)';
c = 0:C-1;
U = single(sin(0.05*kk + 0.3*c) + 0.5*sin(0.173*kk + 0.011*c));  % (T+p-1)-by-C signal
h = single(exp(-(0:p-1)' / 16));  % the unknown system
D = zeros(T, C, 'single');  % desired output: U filtered by h, row t from rows t..t+p-1
for q = 1:p
  D = D + h(q) * U(q:q+T-1, :);
end
materialize(D);
mu = single(0.5);
eps0 = single(1e-3);
% Repetition 0 warms up (device open, kernel compile or pipeline-cache load), as the
% PyTorch twins do; the time is the mean of repetitions 1..reps.
for k = 0:reps
  if k == 1, tic; end
  W = zeros(p, C, 'single');
  for t = 1:T
    X = U(t:t+p-1, :);
    y = sum(W .* X, 1);
    e = D(t, :) - y;
    W = W + mu * X .* (e ./ (sum(X.^2, 1) + eps0));
  end
  s = sum(W, 'all');
  materialize(s);
end
tt = toc / reps;
fprintf('p=%d C=%d T=%d reps=%d checksum=%.9e inproc=%.9e device=%s\n', p, C, T, reps, ...
        double(s), tt, accel_device());
