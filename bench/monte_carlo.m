% Monte Carlo benchmark (issue 5): geometric Brownian motion, M paths by T steps in single,
% one randn draw per path and step inside the loop. The planner's target is to fuse the loop's
% iterations (the paths are read and written once per fused block of steps) and, with
% rng(seed,'philox'), to draw the normals inside the kernel.
% M from RUNMAT_BENCH_N (default 1e6), T from RUNMAT_BENCH_T (default 256), the generator from
% RUNMAT_BENCH_RNG: twister (default, MATLAB's) or philox. Prints checksum (the mean of the
% final prices of all paths) and inproc (seconds per repetition). The draws differ between
% implementations, so bench/suite.json checks this checksum statistically (its rtol).
% Twins: monte_carlo() in bench/numpy_cases.py and bench/torch_cases.py.
M = str2double(getenv('RUNMAT_BENCH_N'));
if isnan(M), M = 1e6; end
T = str2double(getenv('RUNMAT_BENCH_T'));
if isnan(T), T = 256; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 1; end
gen = getenv('RUNMAT_BENCH_RNG');
if isempty(gen), gen = 'twister'; end
rng(42, gen);
mu = 0.05;
sigma = 0.2;
dt = 1 / T;
mu_dt = single((mu - 0.5*sigma^2) * dt);
sigma_sqdt = single(sigma * sqrt(dt));
% Repetition 0 warms up (device open, kernel compile or pipeline-cache load), as the
% PyTorch twins do; the time is the mean of repetitions 1..reps.
for k = 0:reps
  if k == 1, tic; end
  S = 100 * ones(M, 1, 'single');
  for t = 1:T
    S = S .* exp(mu_dt + sigma_sqdt .* randn(M, 1, 'single'));
  end
  m = mean(S);
  materialize(m);
end
tt = toc / reps;
fprintf('M=%d T=%d rng=%s reps=%d checksum=%.9e inproc=%.9e device=%s\n', M, T, gen, reps, ...
        double(m), tt, accel_device());
