using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Distillery.Training;

// Training before the bus: its schema migration must finish before consumers start.
return await DistilleryHost.RunAsync(
    args,
    "training",
    builder => builder.AddTraining().AddDistilleryBus(bus => bus.AddTrainingConsumers()),
    app => app.MapTrainingGrpc());
