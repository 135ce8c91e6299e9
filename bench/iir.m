% Batched IIR smoothing benchmark (issue 5): M channels of the first-order filter
% Y = alpha*Y + beta*X_t over T steps, single precision. The planner's target is to fuse the
% loop's iterations, so Y is read and written once per fused block of steps.
% The input X_t: with RUNMAT_BENCH_RNG unset or 'none' (default) a deterministic sine per
% channel, sin(phi + 0.05*t), so checksums agree to rounding across implementations; with
% 'twister' or 'philox' a uniform draw rand(M,1,'single') from that generator (checked
% statistically by bench/suite.json's rtol). M from RUNMAT_BENCH_N (default 131072), T from
% RUNMAT_BENCH_T (default 512). Prints checksum (sum of Y over all channels) and inproc (seconds
% per repetition). Twins: iir() in bench/numpy_cases.py and bench/torch_cases.py.
M = str2double(getenv('RUNMAT_BENCH_N'));
if isnan(M), M = 131072; end
T = str2double(getenv('RUNMAT_BENCH_T'));
if isnan(T), T = 512; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 3; end
gen = getenv('RUNMAT_BENCH_RNG');
if isempty(gen), gen = 'none'; end
random = ~strcmp(gen, 'none');
if random, rng(42, gen); end
phi = single(0.001 * (0:M-1)');
alpha = single(0.95);
beta = single(0.05);
% Repetition 0 warms up (device open, kernel compile or pipeline-cache load), as the
% PyTorch twins do; the time is the mean of repetitions 1..reps.
for k = 0:reps
  if k == 1, tic; end
  Y = zeros(M, 1, 'single');
  for t = 1:T
    if random
      Y = alpha*Y + beta*rand(M, 1, 'single');
    else
      Y = alpha*Y + beta*sin(phi + single(0.05*t));
    end
  end
  s = sum(Y);
  materialize(s);
end
tt = toc / reps;
fprintf('M=%d T=%d rng=%s reps=%d checksum=%.9e inproc=%.9e device=%s\n', M, T, gen, reps, ...
        double(s), tt, accel_device());
