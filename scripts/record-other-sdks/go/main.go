// Records histories with the real Temporal Go SDK against a running Temporal server, for the
// history-only tests (test/fixtures/recorded/). Run by scripts/record-other-sdks.ts, which starts
// the repo's dev server; not part of npm test.
//
// The workflows use what the Go SDK writes markers for and sdk-core has no command for:
// GetVersion, SideEffect, MutableSideEffect, local activities (succeeding and failing), plus
// timers (fired and cancelled) and activities. Values are fixed so the tests can expect them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"
)

const taskQueue = "other-sdk-go"

// GreetingWorkflow: one of each marker, a timer and an activity.
func GreetingWorkflow(ctx workflow.Context, name string) (string, error) {
	version := workflow.GetVersion(ctx, "add-greeting", workflow.DefaultVersion, 1)

	var lucky int
	if err := workflow.SideEffect(ctx, func(workflow.Context) interface{} { return 42 }).Get(&lucky); err != nil {
		return "", err
	}
	var colour string
	same := func(a, b interface{}) bool { return a == b }
	if err := workflow.MutableSideEffect(ctx, "config", func(workflow.Context) interface{} { return "blue" }, same).Get(&colour); err != nil {
		return "", err
	}

	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var found string
	if err := workflow.ExecuteLocalActivity(lctx, Lookup, name).Get(lctx, &found); err != nil {
		return "", err
	}

	if err := workflow.Sleep(ctx, time.Second); err != nil {
		return "", err
	}

	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var greeting string
	if err := workflow.ExecuteActivity(actx, Greet, name).Get(actx, &greeting); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s (version %d, lucky %d, %s, %s)", greeting, version, lucky, colour, found), nil
}

// ChangesWorkflow: GetVersion asked twice for one change id (one marker), a second change,
// MutableSideEffect changing its value, a failing local activity, a cancelled timer.
func ChangesWorkflow(ctx workflow.Context) (string, error) {
	v1 := workflow.GetVersion(ctx, "first-change", workflow.DefaultVersion, 2)
	again := workflow.GetVersion(ctx, "first-change", workflow.DefaultVersion, 2)
	v2 := workflow.GetVersion(ctx, "second-change", workflow.DefaultVersion, 1)

	same := func(a, b interface{}) bool { return a == b }
	var setting int
	for _, value := range []int{1, 1, 2} {
		v := value
		if err := workflow.MutableSideEffect(ctx, "setting", func(workflow.Context) interface{} { return v }, same).Get(&setting); err != nil {
			return "", err
		}
	}

	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumAttempts: 1},
	})
	laErr := workflow.ExecuteLocalActivity(lctx, Refuse).Get(lctx, nil)

	timerCtx, cancel := workflow.WithCancel(ctx)
	timer := workflow.NewTimer(timerCtx, time.Hour)
	if err := workflow.Sleep(ctx, time.Second); err != nil {
		return "", err
	}
	cancel()
	timerErr := timer.Get(ctx, nil)

	return fmt.Sprintf("versions %d %d %d, setting %d, local activity failed: %t, timer cancelled: %t",
		v1, again, v2, setting, laErr != nil, temporal.IsCanceledError(timerErr)), nil
}

func Lookup(_ context.Context, name string) (string, error) { return "found " + name, nil }

func Greet(_ context.Context, name string) (string, error) { return "Hello, " + name, nil }

func Refuse(_ context.Context) error {
	return temporal.NewNonRetryableApplicationError("refused", "Refused", errors.New("by design"))
}

func main() {
	address := flag.String("address", "127.0.0.1:7233", "Temporal frontend host:port")
	out := flag.String("out", ".", "directory to write <workflow id>.json histories to")
	flag.Parse()

	c, err := client.Dial(client.Options{HostPort: *address, Namespace: "default"})
	if err != nil {
		log.Fatalf("connecting to %s: %v", *address, err)
	}
	defer c.Close()

	w := worker.New(c, taskQueue, worker.Options{})
	w.RegisterWorkflow(GreetingWorkflow)
	w.RegisterWorkflow(ChangesWorkflow)
	w.RegisterActivity(Lookup)
	w.RegisterActivity(Greet)
	w.RegisterActivity(Refuse)
	if err := w.Start(); err != nil {
		log.Fatalf("starting the worker: %v", err)
	}
	defer w.Stop()

	ctx := context.Background()
	runs := []struct {
		id       string
		workflow interface{}
		args     []interface{}
	}{
		{"go-greeting", GreetingWorkflow, []interface{}{"Temporal"}},
		{"go-changes", ChangesWorkflow, nil},
	}
	for _, r := range runs {
		options := client.StartWorkflowOptions{ID: r.id, TaskQueue: taskQueue}
		run, err := c.ExecuteWorkflow(ctx, options, r.workflow, r.args...)
		if err != nil {
			log.Fatalf("starting %s: %v", r.id, err)
		}
		var result string
		if err := run.Get(ctx, &result); err != nil {
			log.Fatalf("%s failed: %v", r.id, err)
		}
		fmt.Printf("%s: %s\n", r.id, result)

		history := &historypb.History{}
		events := c.GetWorkflowHistory(ctx, r.id, run.GetRunID(), false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for events.HasNext() {
			event, err := events.Next()
			if err != nil {
				log.Fatalf("reading the history of %s: %v", r.id, err)
			}
			history.Events = append(history.Events, event)
		}
		data, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(history)
		if err != nil {
			log.Fatalf("encoding the history of %s: %v", r.id, err)
		}
		file := filepath.Join(*out, r.id+".json")
		if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
			log.Fatalf("writing %s: %v", file, err)
		}
	}
}
