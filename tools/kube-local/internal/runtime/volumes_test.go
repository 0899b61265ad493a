package runtime

import (
	"fmt"
	"testing"

	v1 "k8s.io/api/core/v1"
)

// fakeCluster has bound claims at host paths, by name.
type fakeCluster struct {
	fakeValues
	claims map[string]string
}

func (f fakeCluster) ClaimPath(namespace, claim string) (string, error) {
	if p, ok := f.claims[claim]; ok {
		return p, nil
	}
	return "", fmt.Errorf("persistentvolumeclaim %q not found", claim)
}

func (f fakeCluster) ServiceAccountToken(string, string, string, int64) (string, error) {
	return "", fmt.Errorf("no tokens here")
}

func TestClaimsAndGenericEphemeralVolumesAreTheirBoundClaimsDirectories(t *testing.T) {
	pod := &v1.Pod{}
	pod.Name, pod.Namespace = "ws-lab-0", "team"
	pod.Spec.Volumes = []v1.Volume{
		{Name: "data-home", VolumeSource: v1.VolumeSource{PersistentVolumeClaim: &v1.PersistentVolumeClaimVolumeSource{ClaimName: "ws-lab-home", ReadOnly: true}}},
		{Name: "data-tmp", VolumeSource: v1.VolumeSource{Ephemeral: &v1.EphemeralVolumeSource{}}},
	}
	home, scratch := t.TempDir(), t.TempDir()
	cluster := fakeCluster{claims: map[string]string{"ws-lab-home": home, "ws-lab-0-data-tmp": scratch}}

	got, err := prepareVolumes(pod, "127.10.0.5", t.TempDir(), cluster)
	if err != nil {
		t.Fatal(err)
	}
	if got["data-home"] != (VolumeSource{HostPath: home, ReadOnly: true}) {
		t.Errorf("data-home = %+v", got["data-home"])
	}
	// the ephemeral-volume controller names the claim <pod>-<volume>
	if got["data-tmp"] != (VolumeSource{HostPath: scratch}) {
		t.Errorf("data-tmp = %+v", got["data-tmp"])
	}

	// until the controller has made (and the provisioner bound) the claim, a mount error
	delete(cluster.claims, "ws-lab-0-data-tmp")
	_, err = prepareVolumes(pod, "127.10.0.5", t.TempDir(), cluster)
	if _, ok := err.(*MountError); !ok {
		t.Errorf("err = %v, want a MountError", err)
	}
}
