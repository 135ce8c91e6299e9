% Gate: reductions over a dimension: mean down the columns, and the sample standard deviation
% along the rows written out (runmat has no std yet), which broadcasts a column of means.
% parity: rtol=1e-12
X = reshape(linspace(0, 1, 300000), 600, 500);
m = mean(X, 1);
s = sqrt(sum((X - mean(X, 2)).^2, 2) / (size(X, 2) - 1));
fprintf('%.15e %.15e %.15e %.15e\n', m(1), m(end), s(1), s(end));
