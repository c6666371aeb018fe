using Grpc.Health.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Distillery.Grpc.Server;

/// <summary>
/// <c>grpc.health.v1.Health</c> over the host's readiness checks: SERVING when they are all
/// healthy. Check on an unknown service is NOT_FOUND; Watch reports SERVICE_UNKNOWN for it and
/// then every change of status, as the health-checking protocol specifies.
/// </summary>
public sealed class GrpcHealthService(HealthCheckService checks, GrpcServiceRegistry services)
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!Known(request.Service))
        {
            throw new RpcException(StatusCode.NotFound, $"unknown service '{request.Service}'");
        }

        return new HealthCheckResponse { Status = await Status(context.CancellationToken) };
    }

    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        HealthCheckResponse.Types.ServingStatus? last = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var status = Known(request.Service) ? await Status(context.CancellationToken) : HealthCheckResponse.Types.ServingStatus.ServiceUnknown;
            if (status != last)
            {
                await responses.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken);
                last = status;
            }

            await Task.Delay(WatchInterval, context.CancellationToken);
        }
    }

    private bool Known(string service) => service.Length == 0 || services.Contains(service);

    private async Task<HealthCheckResponse.Types.ServingStatus> Status(CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(check => check.Tags.Contains("ready"), cancellationToken);
        return report.Status == HealthStatus.Healthy
            ? HealthCheckResponse.Types.ServingStatus.Serving
            : HealthCheckResponse.Types.ServingStatus.NotServing;
    }
}
