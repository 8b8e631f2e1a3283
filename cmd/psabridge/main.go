// Command psabridge connects a security-awareness platform to ConnectWise
// Manage: billing quantities into agreement additions, and one service
// ticket per reported phishing e-mail. Run "psabridge demo" to see the whole
// product against the built-in ConnectWise sandbox.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status: 0 on success,
// 1 on failure, 2 on a usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "psabridge:", err)
	var ue *usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}
