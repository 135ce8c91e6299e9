% Octave stand-in for runmat's gpuArray (bench/run_suite.py adds this folder to Octave's path).
function y = gpuArray(x)
  y = x;
end
