using Distillery.Inference;
using Distillery.ServiceDefaults.Hosting;

return await DistilleryHost.RunAsync(
    args,
    "inference",
    builder => builder.AddInference(),
    app => app.MapInference());
