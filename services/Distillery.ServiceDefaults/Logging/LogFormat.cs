namespace Distillery.ServiceDefaults.Logging;

/// <summary>How log events are written to stdout.</summary>
public enum LogFormat
{
    /// <summary>JSON when stdout is redirected (a container, a pipe), readable text on a terminal.</summary>
    Auto,

    /// <summary>One JSON object per line, for log collectors.</summary>
    Json,

    /// <summary>Readable single lines, for people.</summary>
    Text,
}
