using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Distillery.Llama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Distillery.Llama.Logging;

/// <summary>
/// Routes llama.cpp's and ggml's log (one process-wide callback) to an <see cref="ILogger"/>
/// under the category <c>llama.cpp</c>, instead of their default of writing to stderr. They
/// send a line in pieces (a level, then <see cref="GgmlLogLevel.Continue"/> pieces), so pieces
/// are gathered per thread and logged once the line ends. The error lines of each thread since
/// <see cref="BeginCapture"/> are kept, so a failed call can say why in its exception rather than
/// only in the log.
/// </summary>
internal static unsafe class LlamaLogBridge
{
    public const string Category = "llama.cpp";

    private static ILogger _logger = NullLogger.Instance;

    [ThreadStatic]
    private static StringBuilder? t_pending;

    [ThreadStatic]
    private static GgmlLogLevel t_pendingLevel;

    // A failing load logs a handful of error lines (the cause, then each caller giving up).
    private const int MaxCapturedErrors = 8;

    [ThreadStatic]
    private static List<string>? t_errors;

    /// <summary>Starts keeping this thread's error lines afresh, for a call about to be made.</summary>
    internal static void BeginCapture() => (t_errors ??= []).Clear();

    /// <summary>The error lines llama.cpp logged on this thread since <see cref="BeginCapture"/>, joined; empty if none.</summary>
    internal static string CapturedErrors() => t_errors is { Count: > 0 } errors ? string.Join("; ", errors) : string.Empty;

    internal static void Route(ILoggerFactory loggerFactory) =>
        Volatile.Write(ref _logger, loggerFactory.CreateLogger(Category));

    /// <summary>Installs the callback; llama.cpp keeps the pointer, which stays valid as the method is static.</summary>
    internal static void Install() => BackendImports.llama_log_set(&OnLog, 0);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(GgmlLogLevel level, byte* text, nint userData)
    {
        // An exception must not unwind into native code: it would take the process down. The
        // one that can happen is the logger's own, and with the logger failing there is nowhere
        // left to report it.
        try
        {
            Receive(level, Marshal.PtrToStringUTF8((nint)text) ?? string.Empty);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
        }
    }

    internal static void Receive(GgmlLogLevel level, string text)
    {
        var pending = t_pending ??= new StringBuilder();
        if (level != GgmlLogLevel.Continue)
        {
            Flush(pending);
            t_pendingLevel = level;
        }

        pending.Append(text);
        if (text.EndsWith('\n'))
        {
            Flush(pending);
        }
    }

    private static void Flush(StringBuilder pending)
    {
        if (pending.Length == 0)
        {
            return;
        }

        var line = pending.ToString().TrimEnd('\n', '\r', ' ');
        pending.Clear();
        if (line.Length == 0)
        {
            return;
        }

        var level = t_pendingLevel switch
        {
            GgmlLogLevel.Debug => LogLevel.Debug,
            GgmlLogLevel.Warn => LogLevel.Warning,
            GgmlLogLevel.Error => LogLevel.Error,
            _ => LogLevel.Information,
        };
        if (level == LogLevel.Error && t_errors is { Count: < MaxCapturedErrors } errors)
        {
            errors.Add(line);
        }

        var logger = Volatile.Read(ref _logger);
        if (logger.IsEnabled(level))
        {
            logger.Log(level, "{Message}", line);
        }
    }
}
