// Tests that set process-wide environment variables run in this collection, alone, so no other
// test sees their settings.
namespace Recurrent.Tests.Data;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
