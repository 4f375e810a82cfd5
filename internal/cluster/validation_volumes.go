package cluster

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation"
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
	{"gitRepo", func(s *corev1.VolumeSource) bool { return s.GitRepo != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("gitRepo")
		errs := required(s.GitRepo.Repository, p.Child("repository"))
		return append(errs, validateLocalDescendingPath(s.GitRepo.Directory, p.Child("directory"))...)
	}},
	{"gcePersistentDisk", func(s *corev1.VolumeSource) bool { return s.GCEPersistentDisk != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("persistentDisk") // sic
		return append(required(s.GCEPersistentDisk.PDName, p.Child("pdName")), partition(s.GCEPersistentDisk.Partition, p)...)
	}},
	{"awsElasticBlockStore", func(s *corev1.VolumeSource) bool { return s.AWSElasticBlockStore != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("awsElasticBlockStore")
		return append(required(s.AWSElasticBlockStore.VolumeID, p.Child("volumeID")), partition(s.AWSElasticBlockStore.Partition, p)...)
	}},
	{"secret", func(s *corev1.VolumeSource) bool { return s.Secret != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("secret")
		return keyedObject(s.Secret.SecretName, p.Child("secretName"), s.Secret.DefaultMode, s.Secret.Items, p)
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
	{"iscsi", func(s *corev1.VolumeSource) bool { return s.ISCSI != nil }, validateISCSI},
	{"glusterfs", func(s *corev1.VolumeSource) bool { return s.Glusterfs != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("glusterfs")
		return append(required(s.Glusterfs.EndpointsName, p.Child("endpoints")), required(s.Glusterfs.Path, p.Child("path"))...)
	}},
	{"flocker", func(s *corev1.VolumeSource) bool { return s.Flocker != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		f, p := s.Flocker, p.Child("flocker")
		var errs field.ErrorList
		if f.DatasetName == "" && f.DatasetUUID == "" {
			errs = append(errs, field.Required(p, "one of datasetName and datasetUUID is required"))
		}
		if f.DatasetName != "" && f.DatasetUUID != "" {
			errs = append(errs, field.Invalid(p, "resource", "datasetName and datasetUUID can not be specified simultaneously"))
		}
		if strings.Contains(f.DatasetName, "/") {
			errs = append(errs, field.Invalid(p.Child("datasetName"), f.DatasetName, "must not contain '/'"))
		}
		return errs
	}},
	{"persistentVolumeClaim", func(s *corev1.VolumeSource) bool { return s.PersistentVolumeClaim != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		if s.PersistentVolumeClaim.ClaimName == "" {
			return field.ErrorList{field.Required(p.Child("persistentVolumeClaim", "claimName"), "")}
		}
		return nil
	}},
	{"rbd", func(s *corev1.VolumeSource) bool { return s.RBD != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("rbd")
		var errs field.ErrorList
		if len(s.RBD.CephMonitors) == 0 {
			errs = append(errs, field.Required(p.Child("monitors"), ""))
		}
		return append(errs, required(s.RBD.RBDImage, p.Child("image"))...)
	}},
	{"cinder", func(s *corev1.VolumeSource) bool { return s.Cinder != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("cinder")
		errs := required(s.Cinder.VolumeID, p.Child("volumeID"))
		if r := s.Cinder.SecretRef; r != nil {
			errs = append(errs, required(r.Name, p.Child("secretRef", "name"))...)
		}
		return errs
	}},
	{"cephFS", func(s *corev1.VolumeSource) bool { return s.CephFS != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		if len(s.CephFS.Monitors) == 0 {
			return field.ErrorList{field.Required(p.Child("cephfs", "monitors"), "")}
		}
		return nil
	}},
	{"quobyte", func(s *corev1.VolumeSource) bool { return s.Quobyte != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		q, p := s.Quobyte, p.Child("quobyte")
		var errs field.ErrorList
		const hostPorts = "must be a host:port pair or multiple pairs separated by commas"
		switch {
		case q.Registry == "":
			errs = append(errs, field.Required(p.Child("registry"), hostPorts))
		case len(q.Tenant) >= 65:
			errs = append(errs, field.Required(p.Child("tenant"), "must be a UUID and may not exceed a length of 64 characters"))
		default:
			for _, pair := range strings.Split(q.Registry, ",") {
				if !isHostPort(pair) {
					errs = append(errs, field.Invalid(p.Child("registry"), q.Registry, hostPorts))
				}
			}
		}
		return append(errs, required(q.Volume, p.Child("volume"))...)
	}},
	{"downwarAPI", func(s *corev1.VolumeSource) bool { return s.DownwardAPI != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("downwardAPI")
		errs := validateMode(s.DownwardAPI.DefaultMode, p.Child("defaultMode"))
		for i := range s.DownwardAPI.Items {
			errs = append(errs, validateDownwardAPIFile(&s.DownwardAPI.Items[i], p)...)
		}
		return errs
	}},
	{"fc", func(s *corev1.VolumeSource) bool { return s.FC != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		fc, p := s.FC, p.Child("fc")
		var errs field.ErrorList
		if len(fc.TargetWWNs) < 1 && len(fc.WWIDs) < 1 {
			errs = append(errs, field.Required(p.Child("targetWWNs"), "must specify either targetWWNs or wwids, but not both"))
		}
		if len(fc.TargetWWNs) != 0 && len(fc.WWIDs) != 0 {
			errs = append(errs, field.Invalid(p.Child("targetWWNs"), fc.TargetWWNs, "targetWWNs and wwids can not be specified simultaneously"))
		}
		if len(fc.TargetWWNs) != 0 {
			if fc.Lun == nil {
				errs = append(errs, field.Required(p.Child("lun"), "lun is required if targetWWNs is specified"))
			} else if *fc.Lun < 0 || *fc.Lun > 255 {
				errs = append(errs, field.Invalid(p.Child("lun"), fc.Lun, validation.InclusiveRangeError(0, 255)))
			}
		}
		return errs
	}},
	{"flexVolume", func(s *corev1.VolumeSource) bool { return s.FlexVolume != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		fv, p := s.FlexVolume, p.Child("flexVolume")
		errs := required(fv.Driver, p.Child("driver"))
		keys := make([]string, 0, len(fv.Options))
		for k := range fv.Options {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ns, _, _ := strings.Cut(k, "/")
			n := "." + strings.ToLower(ns)
			if strings.HasSuffix(n, ".kubernetes.io") || strings.HasSuffix(n, ".k8s.io") {
				errs = append(errs, field.Invalid(p.Child("options").Key(k), k, "kubernetes.io and k8s.io namespaces are reserved"))
			}
		}
		return errs
	}},
	{"configMap", func(s *corev1.VolumeSource) bool { return s.ConfigMap != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("configMap")
		return keyedObject(s.ConfigMap.Name, p.Child("name"), s.ConfigMap.DefaultMode, s.ConfigMap.Items, p)
	}},
	{"azureFile", func(s *corev1.VolumeSource) bool { return s.AzureFile != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("azureFile")
		return append(required(s.AzureFile.SecretName, p.Child("secretName")), required(s.AzureFile.ShareName, p.Child("shareName"))...)
	}},
	{"vsphereVolume", func(s *corev1.VolumeSource) bool { return s.VsphereVolume != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		return required(s.VsphereVolume.VolumePath, p.Child("vsphereVolume", "volumePath"))
	}},
	{"photonPersistentDisk", func(s *corev1.VolumeSource) bool { return s.PhotonPersistentDisk != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		return required(s.PhotonPersistentDisk.PdID, p.Child("photonPersistentDisk", "pdID"))
	}},
	{"portworxVolume", func(s *corev1.VolumeSource) bool { return s.PortworxVolume != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		return required(s.PortworxVolume.VolumeID, p.Child("portworxVolume", "volumeID"))
	}},
	{"azureDisk", func(s *corev1.VolumeSource) bool { return s.AzureDisk != nil }, validateAzureDisk},
	{"storageos", func(s *corev1.VolumeSource) bool { return s.StorageOS != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		so, p := s.StorageOS, p.Child("storageos")
		var errs field.ErrorList
		if so.VolumeName == "" {
			errs = append(errs, field.Required(p.Child("volumeName"), ""))
		} else {
			errs = append(errs, dns1123Label(so.VolumeName, p.Child("volumeName"))...)
		}
		if so.VolumeNamespace != "" {
			errs = append(errs, dns1123Label(so.VolumeNamespace, p.Child("volumeNamespace"))...)
		}
		if so.SecretRef != nil {
			errs = append(errs, required(so.SecretRef.Name, p.Child("secretRef", "name"))...)
		}
		return errs
	}},
	{"projected", func(s *corev1.VolumeSource) bool { return s.Projected != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		return validateProjected(s.Projected, p.Child("projected"))
	}},
	{"scaleIO", func(s *corev1.VolumeSource) bool { return s.ScaleIO != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("scaleIO")
		errs := required(s.ScaleIO.Gateway, p.Child("gateway"))
		errs = append(errs, required(s.ScaleIO.System, p.Child("system"))...)
		return append(errs, required(s.ScaleIO.VolumeName, p.Child("volumeName"))...)
	}},
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
	// the claim template itself is not checked
	{"ephemeral", func(s *corev1.VolumeSource) bool { return s.Ephemeral != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		if s.Ephemeral.VolumeClaimTemplate == nil {
			return field.ErrorList{field.Required(p.Child("ephemeral", "volumeClaimTemplate"), "")}
		}
		return nil
	}},
	{"image", func(s *corev1.VolumeSource) bool { return s.Image != nil }, func(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
		p = p.Child("image")
		var errs field.ErrorList
		if s.Image.Reference == "" {
			errs = append(errs, field.Required(p.Child("reference"), ""))
		}
		return append(errs, validatePullPolicy(s.Image.PullPolicy, p.Child("pullPolicy"))...)
	}},
}

// isHostPort is whether net.SplitHostPort accepts s: "host:port" or
// "[ipv6]:port", with at most one colon outside brackets.
func isHostPort(s string) bool {
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		return end > 0 && strings.HasPrefix(s[end+1:], ":") && !strings.ContainsAny(s[end+2:], "[]:") && !strings.ContainsAny(s[1:end], "[")
	}
	i := strings.LastIndexByte(s, ':')
	return i >= 0 && !strings.ContainsAny(s[:i], ":[]") && !strings.ContainsAny(s[i+1:], "[]")
}

// keyedObject validates a volume of a Secret's or ConfigMap's keys: the
// object's name, the default mode and the items.
func keyedObject(name string, namePath *field.Path, mode *int32, items []corev1.KeyToPath, p *field.Path) field.ErrorList {
	errs := required(name, namePath)
	errs = append(errs, validateMode(mode, p.Child("defaultMode"))...)
	for i := range items {
		errs = append(errs, validateKeyToPath(&items[i], p.Child("items").Index(i))...)
	}
	return errs
}

func required(value string, path *field.Path) field.ErrorList {
	if value == "" {
		return field.ErrorList{field.Required(path, "")}
	}
	return nil
}

func partition(n int32, path *field.Path) field.ErrorList {
	if n < 0 || n > 255 {
		return field.ErrorList{field.Invalid(path.Child("partition"), n, validation.InclusiveRangeError(1, 255))}
	}
	return nil
}

var (
	iscsiIQN = regexp.MustCompile(`iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$`)
	iscsiEUI = regexp.MustCompile(`^eui.[[:alnum:]]{16}$`)
	iscsiNAA = regexp.MustCompile(`^naa.[[:alnum:]]{32}$`)
)

// iscsiNameErrors checks an iSCSI qualified name (iqn, eui or naa).
func iscsiNameErrors(name string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case !strings.HasPrefix(name, "iqn") && !strings.HasPrefix(name, "eui") && !strings.HasPrefix(name, "naa"):
		errs = append(errs, field.Invalid(path, name, "must be valid format starting with iqn, eui, or naa"))
	case strings.HasPrefix(name, "iqn") && !iscsiIQN.MatchString(name),
		strings.HasPrefix(name, "eui") && !iscsiEUI.MatchString(name),
		strings.HasPrefix(name, "naa") && !iscsiNAA.MatchString(name):
		errs = append(errs, field.Invalid(path, name, "must be valid format"))
	}
	return errs
}

func validateISCSI(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
	i, p := s.ISCSI, p.Child("iscsi")
	errs := required(i.TargetPortal, p.Child("targetPortal"))
	if i.IQN == "" {
		errs = append(errs, field.Required(p.Child("iqn"), ""))
	} else {
		errs = append(errs, iscsiNameErrors(i.IQN, p.Child("iqn"))...)
	}
	if i.Lun < 0 || i.Lun > 255 {
		errs = append(errs, field.Invalid(p.Child("lun"), i.Lun, validation.InclusiveRangeError(0, 255)))
	}
	if (i.DiscoveryCHAPAuth || i.SessionCHAPAuth) && i.SecretRef == nil {
		errs = append(errs, field.Required(p.Child("secretRef"), ""))
	}
	if i.InitiatorName != nil {
		errs = append(errs, iscsiNameErrors(*i.InitiatorName, p.Child("initiatorname"))...)
	}
	return errs
}

func validateAzureDisk(s *corev1.VolumeSource, p *field.Path) field.ErrorList {
	a, p := s.AzureDisk, p.Child("azureDisk")
	errs := required(a.DiskName, p.Child("diskName"))
	errs = append(errs, required(a.DataDiskURI, p.Child("diskURI"))...)
	if m := a.CachingMode; m != nil && *m != corev1.AzureDataDiskCachingNone && *m != corev1.AzureDataDiskCachingReadOnly && *m != corev1.AzureDataDiskCachingReadWrite {
		errs = append(errs, field.NotSupported(p.Child("cachingMode"), *m, []corev1.AzureDataDiskCachingMode{corev1.AzureDataDiskCachingNone, corev1.AzureDataDiskCachingReadOnly, corev1.AzureDataDiskCachingReadWrite}))
	}
	if k := a.Kind; k != nil && *k != corev1.AzureSharedBlobDisk && *k != corev1.AzureDedicatedBlobDisk && *k != corev1.AzureManagedDisk {
		errs = append(errs, field.NotSupported(p.Child("kind"), *k, []corev1.AzureDataDiskKind{corev1.AzureDedicatedBlobDisk, corev1.AzureManagedDisk, corev1.AzureSharedBlobDisk}))
	}
	if k := a.Kind; k != nil && *k == corev1.AzureManagedDisk && !strings.HasPrefix(a.DataDiskURI, "/subscriptions/") {
		errs = append(errs, field.NotSupported(p.Child("diskURI"), a.DataDiskURI, []string{"/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"}))
	}
	if k := a.Kind; k != nil && *k != corev1.AzureManagedDisk && !strings.HasPrefix(a.DataDiskURI, "https://") {
		errs = append(errs, field.NotSupported(p.Child("diskURI"), a.DataDiskURI, []string{"https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"}))
	}
	return errs
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
		if src.name == "iscsi" && s.ISCSI.InitiatorName != nil && len(name+":"+s.ISCSI.TargetPortal) > 64 {
			errs = append(errs, field.Invalid(path.Child("name"), name, "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified."))
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
