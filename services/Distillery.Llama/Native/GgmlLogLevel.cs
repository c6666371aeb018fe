namespace Distillery.Llama.Native;

/// <summary><c>enum ggml_log_level</c> (ggml/include/ggml.h).</summary>
internal enum GgmlLogLevel
{
    None = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,

    /// <summary>More text for the message before, at its level (messages arrive in pieces).</summary>
    Continue = 5,
}
