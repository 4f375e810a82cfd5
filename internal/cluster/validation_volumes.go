package cluster

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// volumeSources lists the volume sources in the order the server checks
// them, with the field name it reports for each (its own, sometimes
// misspelt: "downwarAPI", "cephFS") and, where modelled, the checks of the
// source's own fields (the path those use can differ too).
var volumeSources = []struct {
	name  string
	set   func(*corev1.VolumeSource) bool
	check func(s *corev1.VolumeSource, path *field.Path) field.ErrorList
}{
	{"emptyDir", func(s *corev1.VolumeSource) bool { return s.EmptyDir != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		if l := s.EmptyDir.SizeLimit; l != nil && l.Cmp(resource.Quantity{}) < 0 {
			return field.ErrorList{field.Forbidden(p.Child("emptyDir", "sizeLimit"), "SizeLimit field must be a valid resource quantity")}
		}
		return nil
	}},
	{"hostPath", func(s *corev1.VolumeSource) bool { return s.HostPath != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("hostPath")
		if s.HostPath.Path == "" {
			return field.ErrorList{field.Required(p.Child("path"), "")}
		}
		errs := validatePathNoBacksteps(s.HostPath.Path, p.Child("path"))
		if t := s.HostPath.Type; t != nil && !hostPathTypes[*t] {
			errs = append(errs, field.NotSupported(p.Child("type"), t, sortedHostPathTypes))
		}
		return errs
	}},
	{"gitRepo", func(s *corev1.VolumeSource) bool { return s.GitRepo != nil }, nil},
	{"gcePersistentDisk", func(s *corev1.VolumeSource) bool { return s.GCEPersistentDisk != nil }, nil},
	{"awsElasticBlockStore", func(s *corev1.VolumeSource) bool { return s.AWSElasticBlockStore != nil }, nil},
	{"secret", func(s *corev1.VolumeSource) bool { return s.Secret != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("secret")
		var errs field.ErrorList
		if s.Secret.SecretName == "" {
			errs = append(errs, field.Required(p.Child("secretName"), ""))
		}
		errs = append(errs, validateMode(s.Secret.DefaultMode, p.Child("defaultMode"))...)
		for i := range s.Secret.Items {
			errs = append(errs, validateKeyToPath(&s.Secret.Items[i], p.Child("items").Index(i))...)
		}
		return errs
	}},
	{"nfs", func(s *corev1.VolumeSource) bool { return s.NFS != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("nfs")
		var errs field.ErrorList
		if s.NFS.Server == "" {
			errs = append(errs, field.Required(p.Child("server"), ""))
		}
		if s.NFS.Path == "" {
			errs = append(errs, field.Required(p.Child("path"), ""))
		}
		if !strings.HasPrefix(s.NFS.Path, "/") {
			errs = append(errs, field.Invalid(p.Child("path"), s.NFS.Path, "must be an absolute path"))
		}
		return errs
	}},
	{"iscsi", func(s *corev1.VolumeSource) bool { return s.ISCSI != nil }, nil},
	{"glusterfs", func(s *corev1.VolumeSource) bool { return s.Glusterfs != nil }, nil},
	{"flocker", func(s *corev1.VolumeSource) bool { return s.Flocker != nil }, nil},
	{"persistentVolumeClaim", func(s *corev1.VolumeSource) bool { return s.PersistentVolumeClaim != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		if s.PersistentVolumeClaim.ClaimName == "" {
			return field.ErrorList{field.Required(p.Child("persistentVolumeClaim", "claimName"), "")}
		}
		return nil
	}},
	{"rbd", func(s *corev1.VolumeSource) bool { return s.RBD != nil }, nil},
	{"cinder", func(s *corev1.VolumeSource) bool { return s.Cinder != nil }, nil},
	{"cephFS", func(s *corev1.VolumeSource) bool { return s.CephFS != nil }, nil},
	{"quobyte", func(s *corev1.VolumeSource) bool { return s.Quobyte != nil }, nil},
	{"downwarAPI", func(s *corev1.VolumeSource) bool { return s.DownwardAPI != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("downwardAPI")
		errs := validateMode(s.DownwardAPI.DefaultMode, p.Child("defaultMode"))
		for i := range s.DownwardAPI.Items {
			errs = append(errs, validateDownwardAPIFile(&s.DownwardAPI.Items[i], p)...)
		}
		return errs
	}},
	{"fc", func(s *corev1.VolumeSource) bool { return s.FC != nil }, nil},
	{"flexVolume", func(s *corev1.VolumeSource) bool { return s.FlexVolume != nil }, nil},
	{"configMap", func(s *corev1.VolumeSource) bool { return s.ConfigMap != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("configMap")
		var errs field.ErrorList
		if s.ConfigMap.Name == "" {
			errs = append(errs, field.Required(p.Child("name"), ""))
		}
		errs = append(errs, validateMode(s.ConfigMap.DefaultMode, p.Child("defaultMode"))...)
		for i := range s.ConfigMap.Items {
			errs = append(errs, validateKeyToPath(&s.ConfigMap.Items[i], p.Child("items").Index(i))...)
		}
		return errs
	}},
	{"azureFile", func(s *corev1.VolumeSource) bool { return s.AzureFile != nil }, nil},
	{"vsphereVolume", func(s *corev1.VolumeSource) bool { return s.VsphereVolume != nil }, nil},
	{"photonPersistentDisk", func(s *corev1.VolumeSource) bool { return s.PhotonPersistentDisk != nil }, nil},
	{"portworxVolume", func(s *corev1.VolumeSource) bool { return s.PortworxVolume != nil }, nil},
	{"azureDisk", func(s *corev1.VolumeSource) bool { return s.AzureDisk != nil }, nil},
	{"storageos", func(s *corev1.VolumeSource) bool { return s.StorageOS != nil }, nil},
	{"projected", func(s *corev1.VolumeSource) bool { return s.Projected != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		return validateProjected(s.Projected, p.Child("projected"))
	}},
	{"scaleIO", func(s *corev1.VolumeSource) bool { return s.ScaleIO != nil }, nil},
	{"csi", func(s *corev1.VolumeSource) bool { return s.CSI != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("csi")
		var errs field.ErrorList
		if s.CSI.Driver == "" {
			errs = append(errs, field.Required(p.Child("driver"), ""))
		}
		if r := s.CSI.NodePublishSecretRef; r != nil {
			if r.Name == "" {
				errs = append(errs, field.Required(p.Child("nodePublishSecretRef", "name"), ""))
			} else {
				errs = append(errs, nameErrors(r.Name, p.Child("name"), false)...)
			}
		}
		return errs
	}},
	{"ephemeral", func(s *corev1.VolumeSource) bool { return s.Ephemeral != nil }, nil},
	{"image", func(s *corev1.VolumeSource) bool { return s.Image != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("image")
		var errs field.ErrorList
		if s.Image.Reference == "" {
			errs = append(errs, field.Required(p.Child("reference"), ""))
		}
		return append(errs, validatePullPolicy(s.Image.PullPolicy, p.Child("pullPolicy"))...)
	}},
}

var hostPathTypes = map[corev1.HostPathType]bool{
	corev1.HostPathUnset: true, corev1.HostPathDirectoryOrCreate: true, corev1.HostPathDirectory: true,
	corev1.HostPathFileOrCreate: true, corev1.HostPathFile: true, corev1.HostPathSocket: true,
	corev1.HostPathCharDev: true, corev1.HostPathBlockDev: true,
}

var sortedHostPathTypes = []string{"", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"}

// validateVolumes returns the valid volumes by name, which mounts may
// use, and the errors: each volume needs a DNS-1123 label as name, unique,
// and exactly one source.
func validateVolumes(volumes []corev1.Volume, pod *corev1.Pod, path *field.Path) (map[string]corev1.VolumeSource, field.ErrorList) {
	var errs field.ErrorList
	names := map[string]bool{}
	created := map[string]bool{}
	if pod.Name != "" {
		for _, v := range volumes {
			if v.Ephemeral != nil {
				created[pod.Name+"-"+v.Name] = true
			}
		}
	}
	valid := map[string]corev1.VolumeSource{}
	for i, v := range volumes {
		idx := path.Index(i)
		el := validateVolumeSource(&v.VolumeSource, idx, v.Name, pod)
		if v.Name == "" {
			el = append(el, field.Required(idx.Child("name"), ""))
		} else {
			el = append(el, dns1123Label(v.Name, idx.Child("name"))...)
		}
		if names[v.Name] {
			el = append(el, field.Duplicate(idx.Child("name"), v.Name))
		}
		if len(el) == 0 {
			names[v.Name] = true
			valid[v.Name] = v.VolumeSource
		} else {
			errs = append(errs, el...)
		}
		if v.PersistentVolumeClaim != nil && created[v.PersistentVolumeClaim.ClaimName] {
			errs = append(errs, field.Invalid(idx.Child("persistentVolumeClaim", "claimName"), v.PersistentVolumeClaim.ClaimName,
				"must not reference a PVC that gets created for an ephemeral volume"))
		}
	}
	return valid, errs
}

func validateVolumeSource(s *corev1.VolumeSource, path *field.Path, name string, pod *corev1.Pod) field.ErrorList {
	var errs field.ErrorList
	n := 0
	for _, src := range volumeSources {
		if !src.set(s) {
			continue
		}
		if n > 0 {
			errs = append(errs, field.Forbidden(path.Child(src.name), "may not specify more than 1 volume type"))
			continue
		}
		n++
		if src.check != nil {
			errs = append(errs, src.check(s, path)...)
		}
		if src.name == "ephemeral" && pod.Name != "" && name != "" {
			pvc := pod.Name + "-" + name
			for _, msg := range apimachineryvalidation.NameIsDNSSubdomain(pvc, false) {
				errs = append(errs, field.Invalid(path.Child("name"), name, fmt.Sprintf("PVC name %q: %v", pvc, msg)))
			}
		}
	}
	if n == 0 {
		errs = append(errs, field.Required(path, "must specify a volume type"))
	}
	return errs
}

func validateKeyToPath(kp *corev1.KeyToPath, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if kp.Key == "" {
		errs = append(errs, field.Required(path.Child("key"), ""))
	}
	if kp.Path == "" {
		errs = append(errs, field.Required(path.Child("path"), ""))
	}
	errs = append(errs, validateLocalNonReservedPath(kp.Path, path.Child("path"))...)
	return append(errs, validateMode(kp.Mode, path.Child("mode"))...)
}

var (
	volumeFieldPaths = map[string]bool{"metadata.name": true, "metadata.namespace": true, "metadata.labels": true, "metadata.annotations": true, "metadata.uid": true}
	envFieldPaths    = map[string]bool{"metadata.name": true, "metadata.namespace": true, "metadata.uid": true, "spec.nodeName": true,
		"spec.serviceAccountName": true, "status.hostIP": true, "status.hostIPs": true, "status.podIP": true, "status.podIPs": true}
	resourceFieldPaths = map[string]bool{"limits.cpu": true, "limits.memory": true, "limits.ephemeral-storage": true,
		"requests.cpu": true, "requests.memory": true, "requests.ephemeral-storage": true}
)

func validateDownwardAPIFile(f *corev1.DownwardAPIVolumeFile, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if f.Path == "" {
		errs = append(errs, field.Required(path.Child("path"), ""))
	}
	errs = append(errs, validateLocalNonReservedPath(f.Path, path.Child("path"))...)
	switch {
	case f.FieldRef != nil:
		errs = append(errs, validateFieldSelector(f.FieldRef, volumeFieldPaths, path.Child("fieldRef"))...)
		if f.ResourceFieldRef != nil {
			errs = append(errs, field.Invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"))
		}
	case f.ResourceFieldRef != nil:
		errs = append(errs, validateResourceFieldSelector(f.ResourceFieldRef, path.Child("resourceFieldRef"), true)...)
	default:
		errs = append(errs, field.Required(path, "one of fieldRef and resourceFieldRef is required"))
	}
	return append(errs, validateMode(f.Mode, path.Child("mode"))...)
}

func validateProjected(p *corev1.ProjectedVolumeSource, path *field.Path) field.ErrorList {
	errs := validateMode(p.DefaultMode, path.Child("defaultMode"))
	paths := map[string]bool{}
	seen := func(pth, name string) {
		if pth == "" {
			return
		}
		if paths[pth] {
			errs = append(errs, field.Invalid(path, name, "conflicting duplicate paths"))
		}
		paths[pth] = true
	}
	for i, s := range p.Sources {
		n := 0
		src := path.Child("sources").Index(i)
		if s.Secret != nil {
			n++
			if s.Secret.Name == "" {
				errs = append(errs, field.Required(src.Child("secret", "name"), ""))
			}
			for j := range s.Secret.Items {
				errs = append(errs, validateKeyToPath(&s.Secret.Items[j], src.Child("secret", "items").Index(j))...)
				seen(s.Secret.Items[j].Path, s.Secret.Name)
			}
		}
		if s.ConfigMap != nil {
			n++
			if s.ConfigMap.Name == "" {
				errs = append(errs, field.Required(src.Child("configMap", "name"), ""))
			}
			for j := range s.ConfigMap.Items {
				errs = append(errs, validateKeyToPath(&s.ConfigMap.Items[j], src.Child("configMap", "items").Index(j))...)
				seen(s.ConfigMap.Items[j].Path, s.ConfigMap.Name)
			}
		}
		if s.DownwardAPI != nil {
			n++
			for j := range s.DownwardAPI.Items {
				errs = append(errs, validateDownwardAPIFile(&s.DownwardAPI.Items[j], src.Child("downwardAPI"))...)
				seen(s.DownwardAPI.Items[j].Path, s.DownwardAPI.Items[j].Path)
			}
		}
		if t := s.ServiceAccountToken; t != nil {
			n++
			var exp int64
			if t.ExpirationSeconds != nil {
				exp = *t.ExpirationSeconds
			}
			if exp < 10*60 {
				errs = append(errs, field.Invalid(src.Child("serviceAccountToken", "expirationSeconds"), exp, "may not specify a duration less than 10 minutes"))
			}
			if exp > 1<<32 {
				errs = append(errs, field.Invalid(src.Child("serviceAccountToken", "expirationSeconds"), exp, "may not specify a duration larger than 2^32 seconds"))
			}
			if t.Path == "" {
				errs = append(errs, field.Required(path.Child("path"), ""))
			} else {
				errs = append(errs, validateLocalNonReservedPath(t.Path, path.Child("path"))...)
			}
		}
		if n > 1 {
			errs = append(errs, field.Forbidden(src, "may not specify more than 1 volume type per source"))
		}
	}
	return errs
}
