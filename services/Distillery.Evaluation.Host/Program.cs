using Distillery.Evaluation;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;

return await DistilleryHost.RunAsync(
    args,
    "evaluation",
    builder => builder.AddEvaluation().AddDistilleryBus(bus => bus.AddEvaluationConsumers()));
