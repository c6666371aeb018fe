using Distillery.Coordinator;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;

// The Coordinator before the bus: its schema migration must finish before consumers start.
return await DistilleryHost.RunAsync(
    args,
    "coordinator",
    builder => builder.AddCoordinator().AddDistilleryBus(bus => bus.AddCoordinatorConsumers()),
    app => app.MapCoordinatorGrpc());
