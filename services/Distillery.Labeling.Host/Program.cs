using Distillery.Labeling;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;

// Labeling before the bus: its schema migration must finish before consumers start.
return await DistilleryHost.RunAsync(
    args,
    "labeling",
    builder => builder.AddLabeling().AddDistilleryBus(bus => bus.AddLabelingConsumers()));
