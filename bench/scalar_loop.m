% Scalar-loop benchmark: N iterations of scalar arithmetic and builtin calls, the interpreter's
% own speed (no arrays, nothing to offload). N from RUNMAT_BENCH_N, repetitions from
% RUNMAT_BENCH_REPS; prints checksum and inproc (seconds per repetition).
N = str2double(getenv('RUNMAT_BENCH_N'));
if isnan(N), N = 1e6; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 5; end
tic;
for r = 1:reps
  acc = 0;
  for k = 1:N
    acc = acc + sin(k) * 0.5 + mod(k, 7);
  end
end
t = toc / reps;
fprintf('N=%d reps=%d checksum=%.15e inproc=%.9e device=%s\n', N, reps, acc, t, accel_device());
