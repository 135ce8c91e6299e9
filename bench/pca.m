% PCA benchmark (issue 5): the covariance of an n-by-d double matrix as a centered Gram,
% C = (A - mean(A)).' * (A - mean(A)) / (n-1), and its eigenvalues. The planner's target is
% one SYRK with the centering folded in. Double, MATLAB's default class: the eigenvalues of a
% Gram matrix in single lose most digits of the small ones, which would leave nothing to compare.
% n from RUNMAT_BENCH_N (default 2e5), d from RUNMAT_BENCH_D (default 1024). A is a closed
% formula of the indices (no RNG): column j is a sine of its own frequency and phase, scaled by
% 1/sqrt(j), so the spectrum spreads out. Prints checksum (the eigenvalues sorted ascending,
% weighted by their rank: every eigenvalue and their order count) and inproc (seconds per
% repetition of Gram + eig; building A is not timed). Twins: pca() in bench/numpy_cases.py
% and bench/torch_cases.py.
n = str2double(getenv('RUNMAT_BENCH_N'));
if isnan(n), n = 2e5; end
d = str2double(getenv('RUNMAT_BENCH_D'));
if isnan(d), d = 1024; end
reps = str2double(getenv('RUNMAT_BENCH_REPS'));
if isnan(reps), reps = 3; end
i = (1:n)';
j = 1:d;
A = sin(i .* (0.1 + 0.001*j) + j) ./ sqrt(j);
materialize(A);
% Repetition 0 warms up (device open, kernel compile or pipeline-cache load), as the
% PyTorch twins do; the time is the mean of repetitions 1..reps.
for k = 0:reps
  if k == 1, tic; end
  C = (A - mean(A)).' * (A - mean(A)) / (n - 1);
  e = sort(eig(C));
  c = sum(e .* (1:d)') / d;
  materialize(c);
end
t = toc / reps;
fprintf('n=%d d=%d reps=%d checksum=%.15e inproc=%.9e device=%s\n', n, d, reps, c, t, ...
        accel_device());
