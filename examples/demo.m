% RunMat demo: plain MATLAB, fused into one kernel, placed on a device.
N = 2e6;
x = single(linspace(0, 4*pi, N));      % generated inside the kernel, never stored

tic;
y = tanh(sin(x).*exp(-x/10)) + 0.1*x;  % an elementwise chain: deferred, not computed yet
total = sum(y);                         % the chain and the reduction fuse into ONE kernel
t = toc;
fprintf('sum(y)  = %.4f   (%s, %d elements)\n', total, class(y), numel(y));
fprintf('ran on  : %s\n', accel_device());
fprintf('time    : %.2f ms\n', 1000*t);

% Small arrays stay eager on the host; MATLAB semantics throughout.
A = [1 2 3; 4 5 6];
fprintf('mean of each column: %s\n', sprintf('%.1f ', mean(A)));
fprintf('max over all       : %d\n', max(A(:)));

% gpuArray keeps data resident on the GPU plugin's device between statements.
g = gpuArray(single(linspace(-1, 1, 1e6)));
h = sqrt(abs(g)) .* 2;
fprintf('gpu mean = %.6f on %s (isgpuarray: %d)\n', gather(mean(h)), accel_device(), isgpuarray(h));
