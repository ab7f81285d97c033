// Command devserver runs Temporal's own server (go.temporal.io/server) in one process on
// 127.0.0.1 with SQLite persistence, the way `temporal server start-dev` does, without the Web UI.
// `workflow-playground server` builds and starts it; tests start it on a free port.
//
// Once the frontend accepts calls it prints one line to stdout:
//
//	Temporal server ready at 127.0.0.1:7233 (namespace default)
//
// and it stops on SIGINT/SIGTERM (or, with -stop-on-stdin-eof, when its parent closes stdin, so a
// crashed test runner never leaves a server behind).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

const clusterName = "active"

type options struct {
	ip             string
	port           int
	namespaces     []string
	dbFile         string
	logLevel       string
	stopOnStdinEOF bool
}

func main() {
	var opts options
	var namespaces string
	flag.StringVar(&opts.ip, "ip", "127.0.0.1", "address the frontend (and every internal service) binds to")
	flag.IntVar(&opts.port, "port", 7233, "frontend gRPC port (0: any free port)")
	flag.StringVar(&namespaces, "namespace", "default", "comma-separated namespaces to create")
	flag.StringVar(&opts.dbFile, "db-file", "", "SQLite file to keep state in (default: in memory, lost on exit)")
	flag.StringVar(&opts.logLevel, "log-level", "warn", "server log level: debug, info, warn, error")
	flag.BoolVar(&opts.stopOnStdinEOF, "stop-on-stdin-eof", false, "stop when stdin reaches end of file")
	flag.Parse()
	for _, ns := range strings.Split(namespaces, ",") {
		if ns = strings.TrimSpace(ns); ns != "" {
			opts.namespaces = append(opts.namespaces, ns)
		}
	}
	if len(opts.namespaces) == 0 {
		fail(fmt.Errorf("no namespace given"))
	}

	level, err := zap.ParseAtomicLevel(opts.logLevel)
	if err != nil {
		fail(fmt.Errorf("-log-level %s: %w", opts.logLevel, err))
	}
	server, address, err := start(opts, level)
	if err != nil {
		fail(err)
	}
	fmt.Printf("Temporal server ready at %s (namespace %s)\n", address, strings.Join(opts.namespaces, ", "))

	stop := make(chan string, 2)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() { stop <- (<-signals).String() }()
	if opts.stopOnStdinEOF {
		go func() {
			_, _ = io.Copy(io.Discard, bufio.NewReader(os.Stdin))
			stop <- "stdin closed"
		}()
	}
	reason := <-stop
	fmt.Fprintf(os.Stderr, "Stopping Temporal server (%s)\n", reason)
	// While stopping, the server's internal workers and services log every poll and call cut
	// short; none of that is news to someone who asked it to stop.
	level.SetLevel(zapcore.FatalLevel)
	server.Stop()
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "devserver: %v\n", err)
	os.Exit(1)
}

func hostPort(ip string, port int) string {
	return net.JoinHostPort(ip, strconv.Itoa(port))
}

// freePort asks the kernel for an unused port; the internal services need their own ports, and
// asking instead of fixing them lets several servers run side by side (one per test file).
func freePort(ip string) (int, error) {
	l, err := net.Listen("tcp", hostPort(ip, 0))
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func start(opts options, level zap.AtomicLevel) (temporal.Server, string, error) {
	ports := map[string]int{"frontend": opts.port}
	names := []string{"frontend-http", "history", "matching", "worker"}
	if opts.port == 0 {
		names = append(names, "frontend")
	}
	for _, name := range names {
		p, err := freePort(opts.ip)
		if err != nil {
			return nil, "", fmt.Errorf("finding a free port for %s: %w", name, err)
		}
		ports[name] = p
	}

	sqlConf, err := sqlConfig(opts)
	if err != nil {
		return nil, "", err
	}

	var conf config.Config
	conf.Global.Membership.MaxJoinDuration = 30 * time.Second
	conf.Global.Membership.BroadcastAddress = opts.ip
	conf.Persistence.DefaultStore = "sqlite"
	conf.Persistence.VisibilityStore = "sqlite"
	conf.Persistence.NumHistoryShards = 1
	conf.Persistence.DataStores = map[string]config.DataStore{"sqlite": {SQL: sqlConf}}
	conf.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             hostPort(opts.ip, ports["frontend"]),
				HTTPAddress:            hostPort(opts.ip, ports["frontend-http"]),
			},
		},
	}
	conf.DCRedirectionPolicy.Policy = "noop"
	conf.Services = map[string]config.Service{}
	for _, name := range []string{"frontend", "history", "matching", "worker"} {
		var s config.Service
		s.RPC.BindOnIP = opts.ip
		s.RPC.GRPCPort = ports[name]
		if name == "frontend" {
			s.RPC.HTTPPort = ports["frontend-http"]
		}
		conf.Services[name] = s
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = hostPort(opts.ip, ports["frontend"])

	encoder := zap.NewDevelopmentEncoderConfig()
	zl := zap.New(zapcore.NewCore(zapcore.NewConsoleEncoder(encoder), zapcore.Lock(os.Stderr), level))
	logger := log.NewZapLogger(zl)
	authorizer, err := authorization.GetAuthorizerFromConfig(&conf.Global.Authorization)
	if err != nil {
		return nil, "", err
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&conf.Global.Authorization, logger)
	if err != nil {
		return nil, "", err
	}
	hosts := map[primitives.ServiceName]static.Hosts{}
	for name, service := range map[string]primitives.ServiceName{
		"frontend": primitives.FrontendService,
		"history":  primitives.HistoryService,
		"matching": primitives.MatchingService,
		"worker":   primitives.WorkerService,
	} {
		hosts[service] = static.SingleLocalHost(hostPort(opts.ip, ports[name]))
	}
	// One shard and a small cache are plenty for a developer's machine; the visibility rate limit
	// is raised because the debugger lists workflows often.
	dynamic := dynamicconfig.StaticClient{
		dynamicconfig.HistoryCacheHostLevelMaxSize.Key():                 8096,
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
	}

	server, err := temporal.NewServer(
		temporal.WithConfig(&conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
		temporal.WithDynamicConfigClient(dynamic),
	)
	if err != nil {
		return nil, "", err
	}
	if err := server.Start(); err != nil {
		return nil, "", err
	}
	return server, hostPort(opts.ip, ports["frontend"]), nil
}

// sqlConfig chooses SQLite in memory (a fresh database per process; the plugin creates the schema
// for in-memory databases itself) or in a file (schema created when the file is new), then
// registers the namespaces before the server reads them.
func sqlConfig(opts options) (*config.SQL, error) {
	conf := &config.SQL{PluginName: sqliteplugin.PluginName}
	if opts.dbFile == "" {
		// Named so that the connections of this process share one in-memory database.
		conf.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
		conf.DatabaseName = "playground-" + strconv.Itoa(rand.IntN(1e9))
	} else {
		conf.ConnectAttributes = map[string]string{"mode": "rwc"}
		conf.DatabaseName = opts.dbFile
		if _, err := os.Stat(opts.dbFile); os.IsNotExist(err) {
			if _, err := os.Stat(filepath.Dir(opts.dbFile)); err != nil {
				return nil, fmt.Errorf("database folder: %w", err)
			}
			if err := sqliteschema.SetupSchema(conf); err != nil {
				return nil, fmt.Errorf("creating the schema: %w", err)
			}
		}
	}
	var namespaces []*sqliteschema.NamespaceConfig
	for _, ns := range opts.namespaces {
		nsConf, err := sqliteschema.NewNamespaceConfig(clusterName, ns, false, nil)
		if err != nil {
			return nil, fmt.Errorf("namespace %s: %w", ns, err)
		}
		namespaces = append(namespaces, nsConf)
	}
	if err := sqliteschema.CreateNamespaces(conf, namespaces...); err != nil {
		return nil, fmt.Errorf("creating namespaces: %w", err)
	}
	return conf, nil
}
