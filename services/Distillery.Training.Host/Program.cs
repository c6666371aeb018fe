using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Distillery.Training;

// Training before the bus: its schema migration must finish before consumers start.
// The Students API and the gRPC health service (what Kubernetes' probes call) share one port.
return await DistilleryHost.RunAsync(
    args,
    "training",
    builder => builder.AddTraining().AddDistilleryBus(bus => bus.AddTrainingConsumers()),
    app => app.MapTrainingGrpc());
