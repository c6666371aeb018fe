using System.Runtime.CompilerServices;

// Every struct crosses into llama.cpp exactly as it lies in managed memory (bool as one byte, as
// the C headers have it), and only source-generated marshalling runs: no runtime marshalling
// stub can silently widen a field.
[assembly: DisableRuntimeMarshalling]
