namespace Distillery.Evaluation.Reports.Charts;

/// <summary>Maps data values (the domain) linearly to pixels (the range); the range may run backwards, as y does on screen.</summary>
internal sealed record LinearScale(double DomainMin, double DomainMax, double RangeMin, double RangeMax)
{
    public double Map(double value) =>
        RangeMin + ((value - DomainMin) / (DomainMax - DomainMin) * (RangeMax - RangeMin));

    /// <summary>Maps a value after clamping it into the domain, so a CI bound beyond the axis ends at the axis.</summary>
    public double MapClamped(double value) => Map(Math.Clamp(value, DomainMin, DomainMax));

    public bool Contains(double value) => value >= DomainMin && value <= DomainMax;

    /// <summary>Tick values from the domain's start to its end (inclusive) every <paramref name="step"/>.</summary>
    public IReadOnlyList<double> Ticks(double step)
    {
        var count = (int)Math.Round((DomainMax - DomainMin) / step);
        return [.. Enumerable.Range(0, count + 1).Select(i => Math.Round(DomainMin + (i * step), 10))];
    }
}
