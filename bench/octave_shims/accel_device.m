% Octave stand-in for runmat's accel_device.
function d = accel_device()
  d = 'octave';
end
