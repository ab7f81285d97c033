/*
 * Records histories with the real Temporal Java SDK against a running Temporal server, for the
 * history-only tests (test/fixtures/recorded/). Run by scripts/record-other-sdks.ts, which starts
 * the repo's dev server; not part of npm test.
 *
 * The workflows use what the Java SDK writes markers for and sdk-core has no command for:
 * getVersion, sideEffect, mutableSideEffect, local activities (succeeding and failing), plus
 * timers (whose ids are UUIDs; fired and cancelled) and activities. Values are fixed so the
 * tests can expect them.
 */
package recorder;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

public final class Record {
  static final String TASK_QUEUE = "other-sdk-java";

  @ActivityInterface
  public interface Activities {
    String lookup(String name);

    String greet(String name);

    void refuse();
  }

  public static class ActivitiesImpl implements Activities {
    @Override
    public String lookup(String name) {
      return "found " + name;
    }

    @Override
    public String greet(String name) {
      return "Hello, " + name;
    }

    @Override
    public void refuse() {
      throw ApplicationFailure.newNonRetryableFailure("refused", "Refused");
    }
  }

  /** One of each marker, a timer and an activity. */
  @WorkflowInterface
  public interface GreetingWorkflow {
    @WorkflowMethod
    String greet(String name);
  }

  public static class GreetingWorkflowImpl implements GreetingWorkflow {
    @Override
    public String greet(String name) {
      int version = Workflow.getVersion("add-greeting", Workflow.DEFAULT_VERSION, 1);
      int lucky = Workflow.sideEffect(Integer.class, () -> 42);
      String colour =
          Workflow.mutableSideEffect("config", String.class, Record::changed, () -> "blue");
      Activities local =
          Workflow.newLocalActivityStub(
              Activities.class,
              LocalActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(10))
                  .build());
      String found = local.lookup(name);
      Workflow.sleep(Duration.ofSeconds(1));
      Activities remote =
          Workflow.newActivityStub(
              Activities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
      String greeting = remote.greet(name);
      return greeting + " (version " + version + ", lucky " + lucky + ", " + colour + ", " + found
          + ")";
    }
  }

  /**
   * getVersion asked twice for one change id (one marker), a second change, mutableSideEffect
   * changing its value, a failing local activity, a cancelled timer.
   */
  @WorkflowInterface
  public interface ChangesWorkflow {
    @WorkflowMethod
    String run();
  }

  public static class ChangesWorkflowImpl implements ChangesWorkflow {
    @Override
    public String run() {
      int v1 = Workflow.getVersion("first-change", Workflow.DEFAULT_VERSION, 2);
      int again = Workflow.getVersion("first-change", Workflow.DEFAULT_VERSION, 2);
      int v2 = Workflow.getVersion("second-change", Workflow.DEFAULT_VERSION, 1);

      int setting = 0;
      for (int value : new int[] {1, 1, 2}) {
        setting = Workflow.mutableSideEffect("setting", Integer.class, Record::changed, () -> value);
      }

      Activities local =
          Workflow.newLocalActivityStub(
              Activities.class,
              LocalActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(10))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      boolean localFailed = false;
      try {
        local.refuse();
      } catch (ActivityFailure e) {
        localFailed = true;
      }

      @SuppressWarnings("unchecked")
      Promise<Void>[] timer = new Promise[1];
      CancellationScope scope =
          Workflow.newCancellationScope(() -> timer[0] = Workflow.newTimer(Duration.ofHours(1)));
      scope.run();
      Workflow.sleep(Duration.ofSeconds(1));
      scope.cancel();
      boolean timerCancelled = false;
      try {
        timer[0].get();
      } catch (CanceledFailure e) {
        timerCancelled = true;
      }
      return "versions " + v1 + " " + again + " " + v2 + ", setting " + setting
          + ", local activity failed: " + localFailed + ", timer cancelled: " + timerCancelled;
    }
  }

  public static void main(String[] args) throws Exception {
    String address = System.getProperty("address", "127.0.0.1:7233");
    Path out = Path.of(System.getProperty("out", "."));
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient client = WorkflowClient.newInstance(service);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        GreetingWorkflowImpl.class, ChangesWorkflowImpl.class);
    worker.registerActivitiesImplementations(new ActivitiesImpl());
    factory.start();
    try {
      String greeting =
          client.newWorkflowStub(GreetingWorkflow.class, options("java-greeting")).greet("Temporal");
      save(client, out, "java-greeting", greeting);
      String changes = client.newWorkflowStub(ChangesWorkflow.class, options("java-changes")).run();
      save(client, out, "java-changes", changes);
    } finally {
      factory.shutdown();
      service.shutdown();
    }
    System.exit(0);
  }

  /** mutableSideEffect's `updated`: record the new value when it differs from the stored one. */
  static <T> boolean changed(T stored, T computed) {
    return !Objects.equals(stored, computed);
  }

  static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(TASK_QUEUE).build();
  }

  static void save(WorkflowClient client, Path out, String workflowId, String result)
      throws Exception {
    System.out.println(workflowId + ": " + result);
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    Files.writeString(out.resolve(workflowId + ".json"), history.toJson(true) + "\n");
  }
}
