// Command kube-local runs a small, self-contained Kubernetes control plane for
// local development and tests: embedded etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and simulated nodes, all from one
// binary.
//
// Usage:
//
//	kube-local [run] --data-dir DIR --port PORT --kubeconfig OUT [flags]
//
// The control-plane components run as child processes of the same binary
// (`kube-local apiserver|controller-manager|scheduler ...`), supervised by the
// main command; etcd and the node simulator run inside the main process.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/component-base/cli"
	kubectlcmd "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserverapp "k8s.io/kubernetes/cmd/kube-apiserver/app"
	kcmapp "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	schedapp "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "apiserver", "kube-apiserver":
			cmd := apiserverapp.NewAPIServerCommand()
			cmd.SetArgs(os.Args[2:])
			os.Exit(cli.Run(cmd))
		case "controller-manager", "kube-controller-manager":
			cmd := kcmapp.NewControllerManagerCommand()
			cmd.SetArgs(os.Args[2:])
			os.Exit(cli.Run(cmd))
		case "scheduler", "kube-scheduler":
			cmd := schedapp.NewSchedulerCommand()
			cmd.SetArgs(os.Args[2:])
			os.Exit(cli.Run(cmd))
		case "kubectl":
			cmd := kubectlcmd.NewDefaultKubectlCommand()
			cmd.SetArgs(os.Args[2:])
			if err := cli.RunNoErrOutput(cmd); err != nil {
				kubectlutil.CheckErr(err)
			}
			return
		case "run":
			os.Exit(runMain(os.Args[2:]))
		case "version", "--version":
			fmt.Println("kube-local (Kubernetes " + kubeVersion + ")")
			return
		}
	}
	os.Exit(runMain(os.Args[1:]))
}

func jsonMarshal(v any) ([]byte, error)   { return json.MarshalIndent(v, "", "  ") }
func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
