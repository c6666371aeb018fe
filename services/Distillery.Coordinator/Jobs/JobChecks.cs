using Distillery.Labeling.Endpoints;
using Distillery.Training.Service;

namespace Distillery.Coordinator.Jobs;

/// <summary>
/// What Submit checks a job against besides its own shape: the teacher endpoints the operator
/// registered (names and models; the keys stay with Labeling) and the student kinds Training runs.
/// </summary>
public sealed record JobChecks(TeacherEndpoints Endpoints, StudentFactory Students);
