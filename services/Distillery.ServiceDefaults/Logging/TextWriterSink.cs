using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Distillery.ServiceDefaults.Logging;

/// <summary>Writes formatted events to a caller's writer (tests capture a host's log this way).</summary>
internal sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, output);
            output.Flush();
        }
    }
}
