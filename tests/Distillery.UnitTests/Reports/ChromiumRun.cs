namespace Distillery.UnitTests.Reports;

/// <summary>How a headless Chromium run ended, its whole stderr, and the page's console messages found in it.</summary>
internal sealed record ChromiumRun(bool TimedOut, int ExitCode, string Stderr, IReadOnlyList<string> ConsoleMessages);
