using Distillery.Grpc.Server;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Distillery.Training;

// Training before the bus: its schema migration must finish before consumers start.
// The gRPC health service is what Kubernetes' startup and readiness probes call.
return await DistilleryHost.RunAsync(
    args,
    "training",
    builder =>
    {
        builder.Services.AddDistilleryGrpc();
        builder.AddTraining().AddDistilleryBus(bus => bus.AddTrainingConsumers());
    },
    app => app.MapGrpcHealth());
