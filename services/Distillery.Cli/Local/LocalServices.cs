using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Distillery.Training;
using Distillery.Training.Data;
using Distillery.Training.Service;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Distillery.Cli.Local;

/// <summary>
/// The services of distributed mode composed in this process (local mode): the same Training
/// service library and its TrainStudent consumer, over MassTransit's in-memory transport, with
/// students stored in the output folder. Logs go to a file so they do not tear the progress display.
/// </summary>
internal sealed class LocalServices : IAsyncDisposable
{
    private readonly IHost _host;

    private LocalServices(IHost host) => _host = host;

    public IBus Bus => _host.Services.GetRequiredService<IBus>();

    public StudentOutcomes Outcomes => _host.Services.GetRequiredService<StudentOutcomes>();

    public InMemoryTrainingData TrainingData => _host.Services.GetRequiredService<InMemoryTrainingData>();

    public StudentPredictor Predictor => _host.Services.GetRequiredService<StudentPredictor>();

    public static async Task<LocalServices> StartAsync(string outputFolder, TextWriter log, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args =
            [
                "--Distillery:Bus:Transport=InMemory",
                "--Distillery:Training:ModelStore=Folder",
                "--Distillery:Training:DataSource=Memory",
                $"--Distillery:Training:ModelFolder={Path.Combine(outputFolder, "students")}",
                "--Distillery:Logging:Format=Text",
            ],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddServiceDefaults("distillery-run", log);
        builder.Services.AddSingleton<StudentOutcomes>();
        builder.AddTraining().AddDistilleryBus(bus =>
        {
            bus.AddTrainingConsumers();
            bus.AddConsumer<StudentOutcomeConsumer>();
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new LocalServices(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
