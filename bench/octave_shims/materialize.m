% Octave stand-in for runmat's materialize (Octave evaluates eagerly).
function materialize(~)
end
