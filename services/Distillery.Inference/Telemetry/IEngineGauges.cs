namespace Distillery.Inference.Telemetry;

/// <summary>What an engine reports when the gauges are collected.</summary>
internal interface IEngineGauges
{
    int QueueLength { get; }

    int BusySlots { get; }

    int SlotCount { get; }
}
