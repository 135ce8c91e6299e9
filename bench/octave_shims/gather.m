% Octave stand-in for runmat's gather.
function y = gather(x)
  y = x;
end
