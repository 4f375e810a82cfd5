package apply_test

// The documents the corpus (testdata/corpus) is made of, shaped like those
// of kubeflow/manifests, deployKF, Trainer, training-operator, KubeRay,
// JobSet, Argo, Katib, KServe, the Spark operator, the Kubeflow notebooks
// and Helm and kustomize output. Templates carry the labels the corpus's
// PodDefaults select: access-ml-pipeline (env, a projected token volume
// and its mount), gpu (tolerations, labels, annotations) and
// log-shipper (a sidecar).

// corpusBase is one document: its name, and its YAML.
type corpusBase struct{ name, yaml string }

var corpusWorkloads = []corpusBase{
	{"pod", `# A debugging pod, as people write them by hand.
apiVersion: v1
kind: Pod
metadata:
  name: debug-shell
  annotations: {}
  labels:
    app: debug-shell
    access-ml-pipeline: "true"   # selects the pipelines token
spec:
  restartPolicy: Never
  containers:
  - name: shell
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    resources:
      limits: {cpu: 100m, memory: 64Mi}
`},
	{"podtemplate", `apiVersion: v1
kind: PodTemplate
metadata:
  name: katib-trial-base
template:
  metadata:
    labels:
      access-ml-pipeline: 'true'
  spec:
    containers:
      - name: trial
        image: docker.io/kubeflowkatib/mxnet-mnist:v0.17.0
        command:
          - python3
          - /opt/mxnet-mnist/mnist.py
          - --batch-size=64
`},
	{"replicationcontroller", `apiVersion: v1
kind: ReplicationController
metadata:
  name: legacy-frontend
spec:
  replicas: 2
  selector:
    app: legacy-frontend
  template:
    metadata:
      name: legacy-frontend
      labels: {app: legacy-frontend, gpu: "true"}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
`},
	{"deployment-centraldashboard", `apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: centraldashboard
    app.kubernetes.io/component: centraldashboard
    app.kubernetes.io/name: centraldashboard
  name: centraldashboard
  namespace: kubeflow
spec:
  replicas: 1
  selector:
    matchLabels:
      app: centraldashboard
      app.kubernetes.io/component: centraldashboard
      app.kubernetes.io/name: centraldashboard
  template:
    metadata:
      annotations:
        sidecar.istio.io/inject: "true"
      labels:
        app: centraldashboard
        app.kubernetes.io/component: centraldashboard
        app.kubernetes.io/name: centraldashboard
        access-ml-pipeline: "true"
    spec:
      containers:
      - env:
        - name: USERID_HEADER
          valueFrom:
            configMapKeyRef:
              key: userid-header
              name: kubeflow-config
        - name: USERID_PREFIX
          valueFrom:
            configMapKeyRef:
              key: userid-prefix
              name: kubeflow-config
        - name: PROFILES_KFAM_SERVICE_HOST
          value: profiles-kfam.kubeflow
        - name: REGISTRATION_FLOW
          value: "true"
        - name: DASHBOARD_LINKS_CONFIGMAP
          value: centraldashboard-links-config
        image: docker.io/kubeflownotebookswg/centraldashboard:v1.9.0
        imagePullPolicy: IfNotPresent
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8082
          initialDelaySeconds: 30
          periodSeconds: 30
        name: centraldashboard
        ports:
        - containerPort: 8082
          protocol: TCP
      serviceAccountName: centraldashboard
`},
	{"deployment-anchors", `# Values shared through anchors, as some hand-kept repos do.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: &name model-registry-ui
  labels: &labels
    app.kubernetes.io/name: *name
    app.kubernetes.io/part-of: model-registry
spec:
  replicas: 1
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels:
        <<: *labels
        access-ml-pipeline: "true"
        gpu: "true"
    spec:
      containers:
      - name: *name
        image: ghcr.io/kubeflow/model-registry/ui:v0.2.10
        env: &commonEnv
        - {name: LOG_LEVEL, value: info}
        - name: DEPLOYMENT_MODE
          value: kubeflow
        ports: [{containerPort: 8080, name: http}]
      - name: bff
        image: ghcr.io/kubeflow/model-registry/bff:v0.2.10
        env: *commonEnv
`},
	{"deployment-flow", `{apiVersion: apps/v1, kind: Deployment, metadata: {name: flow-api, labels: {app: flow-api}},
  spec: {replicas: 3, selector: {matchLabels: {app: flow-api}},
    template: {metadata: {labels: {app: flow-api, access-ml-pipeline: "true"}},
      spec: {containers: [{name: api, image: "ghcr.io/example/api:2.1", ports: [{containerPort: 8000}]}]}}}}
`},
	{"deployment-quoted-keys", `"apiVersion": "apps/v1"
"kind": "Deployment"
"metadata":
  "name": "ml-pipeline-ui"
  "labels":
    "app": "ml-pipeline-ui"
    'application-crd-id': 'kubeflow-pipelines'
"spec":
  "selector":
    "matchLabels":
      "app": "ml-pipeline-ui"
  "template":
    "metadata":
      "labels":
        "app": "ml-pipeline-ui"
        "access-ml-pipeline": "true"
        "log-shipper": "true"
    "spec":
      "containers":
      - "name": "ml-pipeline-ui"
        "image": "gcr.io/ml-pipeline/frontend:2.2.0"
        "env":
        - "name": "VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH"
          "value": "/etc/config/viewer-pod-template.json"
        "volumeMounts":
        - "mountPath": "/etc/config"
          "name": "config-volume"
          "readOnly": true
      "volumes":
      - "configMap":
          "name": "ml-pipeline-ui-configmap"
        "name": "config-volume"
`},
	{"statefulset-mysql", `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: katib-mysql
  namespace: kubeflow
  labels:
    katib.kubeflow.org/component: mysql
spec:
  serviceName: katib-mysql
  replicas: 1
  selector:
    matchLabels:
      katib.kubeflow.org/component: mysql
  template:
    metadata:
      labels:
        katib.kubeflow.org/component: mysql
        gpu: "true"   # not really: it selects the tolerations
    spec:
      containers:
        - name: katib-mysql
          image: mysql:8.0.29
          args:
            - --datadir
            - /var/lib/mysql/datadir
          env:
            - name: MYSQL_ROOT_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: katib-mysql-secrets
                  key: MYSQL_ROOT_PASSWORD
            - name: MYSQL_ALLOW_EMPTY_PASSWORD
              value: "true"
          readinessProbe:
            exec:
              command:
                - "/bin/bash"
                - "-c"
                - 'mysql -D ${MYSQL_DATABASE} -u root -p${MYSQL_ROOT_PASSWORD} -e "SELECT 1"'
            initialDelaySeconds: 10
  volumeClaimTemplates:
  - metadata:
      name: katib-mysql
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 10Gi
`},
	{"daemonset", `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nvidia-device-plugin-daemonset
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: nvidia-device-plugin-ds
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels:
        name: nvidia-device-plugin-ds
        gpu: "true"
    spec:
      tolerations:
      - key: nvidia.com/gpu
        operator: Exists
        effect: NoSchedule
      priorityClassName: "system-node-critical"
      containers:
      - image: nvcr.io/nvidia/k8s-device-plugin:v0.14.1
        name: nvidia-device-plugin-ctr
        env:
          - name: FAIL_ON_INIT_ERROR
            value: "false"
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop: ["ALL"]
        volumeMounts:
        - name: device-plugin
          mountPath: /var/lib/kubelet/device-plugins
      volumes:
      - name: device-plugin
        hostPath:
          path: /var/lib/kubelet/device-plugins
`},
	{"replicaset", `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend-7d9c8b
  labels: {app: guestbook, tier: frontend}
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
        access-ml-pipeline: "true"
    spec:
      containers:
      - name: php-redis
        image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5
`},
	{"job-script", `apiVersion: batch/v1
kind: Job
metadata:
  name: pipeline-db-migrate
  annotations:
    argocd.argoproj.io/hook: PreSync
spec:
  backoffLimit: 2
  ttlSecondsAfterFinished: 600
  template:
    metadata:
      labels:
        access-ml-pipeline: "true"
        log-shipper: "true"
    spec:
      restartPolicy: OnFailure
      containers:
      - name: migrate
        image: python:3.11-slim
        command: ["/bin/sh", "-c"]
        args:
        - |
          set -e
          pip install alembic==1.13.1
          alembic upgrade head
          echo "done"
`},
	{"job-keep-chomping", `# A block scalar that keeps its final line breaks ends the file.
apiVersion: batch/v1
kind: Job
metadata:
  name: print-banner
spec:
  template:
    metadata:
      labels: {gpu: "true", log-shipper: "true"}
    spec:
      restartPolicy: Never
      containers:
      - name: banner
        image: busybox:1.36
        command: [sh, -c, 'printf "%s" "$BANNER"']
        env:
        - name: BANNER
          value: |+
            welcome

`},
	{"cronjob", `apiVersion: batch/v1
kind: CronJob
metadata:
  name: profile-cleanup
spec:
  schedule: "0 3 * * *"   # nightly
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            gpu: "true"
            access-ml-pipeline: "true"
        spec:
          restartPolicy: Never
          tolerations: null   # as helm renders an empty value
          containers:
          - name: cleanup
            image: bitnami/kubectl:1.29
            command:
            - /bin/bash
            - -c
            - >-
              kubectl get pods -A --field-selector=status.phase==Succeeded
              -o name | xargs -r kubectl delete
`},
	{"extensions-deployment", `apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: old-tiller-deploy
  namespace: kube-system
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: helm
        name: tiller
        access-ml-pipeline: "true"
    spec:
      containers:
      - name: tiller
        image: gcr.io/kubernetes-helm/tiller:v2.16.12
        ports:
        - containerPort: 44134
          name: tiller
`},
	{"extensions-daemonset", `apiVersion: extensions/v1beta1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
spec:
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
        gpu: "true"
    spec:
      containers:
      - name: fluentd
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
`},
	{"extensions-replicaset", `apiVersion: extensions/v1beta1
kind: ReplicaSet
metadata:
  name: legacy-rs
spec:
  replicas: 1
  template:
    metadata:
      labels: {app: legacy, log-shipper: "true"}
    spec:
      containers: [{name: app, image: "nginx:1.19"}]
`},
	{"notebook-v1", `apiVersion: kubeflow.org/v1
kind: Notebook
metadata:
  name: jupyter-scipy
  labels:
    app: jupyter-scipy
    access-ml-pipeline: "true"   # the notebook form puts PodDefault labels here
  annotations:
    notebooks.kubeflow.org/server-type: jupyter
spec:
  template:
    spec:
      serviceAccountName: default-editor
      containers:
      - name: jupyter-scipy
        image: kubeflownotebookswg/jupyter-scipy:v1.9.0
        imagePullPolicy: IfNotPresent
        resources:
          requests:
            cpu: "0.5"
            memory: 1Gi
        volumeMounts:
        - mountPath: /home/jovyan
          name: workspace
        - mountPath: /dev/shm
          name: dshm
      volumes:
      - name: workspace
        persistentVolumeClaim:
          claimName: jupyter-scipy-workspace
      - emptyDir:
          medium: Memory
        name: dshm
`},
	{"notebook-v1beta1", `apiVersion: kubeflow.org/v1beta1
kind: Notebook
metadata:
  name: codeserver-python
  labels: {gpu: "true", log-shipper: "true"}
spec:
  template:
    spec:
      containers:
      - name: codeserver-python
        image: kubeflownotebookswg/codeserver-python:v1.8.0
        resources:
          limits:
            nvidia.com/gpu: 1
`},
	{"notebook-v1alpha1", `apiVersion: kubeflow.org/v1alpha1
kind: Notebook
metadata:
  name: rstudio
  labels:
    access-ml-pipeline: "true"
spec:
  template:
    spec:
      containers:
        - name: rstudio
          image: kubeflownotebookswg/rstudio-tidyverse:v1.7.0
`},
	{"pytorchjob", `apiVersion: "kubeflow.org/v1"
kind: "PyTorchJob"
metadata:
  name: "pytorch-dist-mnist-gloo"
spec:
  pytorchReplicaSpecs:
    Master:
      replicas: 1
      restartPolicy: OnFailure
      template:
        metadata:
          labels:
            access-ml-pipeline: "true"
          annotations:
            sidecar.istio.io/inject: "false"
        spec:
          containers:
            - name: pytorch
              image: kubeflow/pytorch-dist-mnist:latest
              args: ["--backend", "gloo"]
              # Comment out the below resources to use the CPU.
              resources:
                limits:
                  nvidia.com/gpu: 1
    Worker:
      replicas: 1
      restartPolicy: OnFailure
      template:
        metadata:
          labels:
            access-ml-pipeline: "true"
            gpu: "true"
        spec:
          containers:
            - name: pytorch
              image: kubeflow/pytorch-dist-mnist:latest
              args: ["--backend", "gloo"]
              resources:
                limits:
                  nvidia.com/gpu: 1
`},
	{"tfjob", `apiVersion: kubeflow.org/v1
kind: TFJob
metadata:
  generateName: tfjob
  namespace: your-user-namespace
spec:
  tfReplicaSpecs:
    PS:
      replicas: 1
      restartPolicy: OnFailure
      template:
        metadata:
          annotations:
            sidecar.istio.io/inject: "false"
        spec:
          containers:
          - name: tensorflow
            image: gcr.io/your-project/your-image
            command:
              - python
              - -m
              - trainer.task
              - --batch_size=32
              - --training_steps=1000
    Worker:
      replicas: 3
      restartPolicy: OnFailure
      template:
        metadata:
          labels:
            access-ml-pipeline: "true"
          annotations:
            sidecar.istio.io/inject: "false"
        spec:
          containers:
          - name: tensorflow
            image: gcr.io/your-project/your-image
            command:
              - python
              - -m
              - trainer.task
              - --batch_size=32
              - --training_steps=1000
`},
	{"xgboostjob", `apiVersion: kubeflow.org/v1
kind: XGBoostJob
metadata:
  name: xgboost-dist-iris-test-train
spec:
  xgbReplicaSpecs:
    Master:
      replicas: 1
      restartPolicy: Never
      template:
        metadata:
          labels: {log-shipper: "true"}
        spec:
          containers:
          - name: xgboost
            image: docker.io/kubeflow/xgboost-dist-iris:latest
            ports:
            - containerPort: 9991
              name: xgboostjob-port
            imagePullPolicy: Always
            args:
            - --job_type=Train
            - --xgboost_parameter=objective:multi:softprob,num_class:3
            - --n_estimators=10
            - --learning_rate=0.1
            - --model_path=/tmp/xgboost-model
            - --model_storage_type=local
    Worker:
      replicas: 2
      restartPolicy: ExitCode
      template:
        spec:
          containers:
          - name: xgboost
            image: docker.io/kubeflow/xgboost-dist-iris:latest
            ports:
            - containerPort: 9991
              name: xgboostjob-port
`},
	{"paddlejob-kubeflow", `apiVersion: kubeflow.org/v1
kind: PaddleJob
metadata:
  name: paddle-simple-cpu
  namespace: kubeflow
spec:
  paddleReplicaSpecs:
    Worker:
      replicas: 2
      restartPolicy: OnFailure
      template:
        metadata:
          labels:
            gpu: "true"
        spec:
          containers:
            - name: paddle
              image: registry.baidubce.com/paddlepaddle/paddle:2.4.0rc0-cpu
              command:
                - python
              args:
                - "-m"
                - paddle.distributed.launch
                - "run_check"
              ports:
                - containerPort: 37777
                  name: master
              imagePullPolicy: Always
`},
	{"jaxjob", `apiVersion: kubeflow.org/v1
kind: JAXJob
metadata:
  name: jaxjob-simple
  namespace: kubeflow
spec:
  jaxReplicaSpecs:
    Worker:
      replicas: 2
      restartPolicy: OnFailure
      template:
        metadata:
          labels:
            access-ml-pipeline: "true"
        spec:
          containers:
            - name: jax
              image: docker.io/kubeflow/jaxjob-simple:latest
              command:
                - "python3"
                - "train.py"
              imagePullPolicy: Always
`},
	{"mpijob-v1", `apiVersion: kubeflow.org/v1
kind: MPIJob
metadata:
  name: tensorflow-mnist
spec:
  slotsPerWorker: 1
  runPolicy:
    cleanPodPolicy: Running
  mpiReplicaSpecs:
    Launcher:
      replicas: 1
      template:
        spec:
          containers:
          - image: docker.io/kubeflow/mpi-horovod-mnist
            name: mpi-launcher
            command:
            - mpirun
            args:
            - -np
            - "2"
            - --allow-run-as-root
            - -bind-to
            - none
            - python
            - /examples/tensorflow_mnist.py
    Worker:
      replicas: 2
      template:
        metadata:
          labels: {access-ml-pipeline: "true"}
        spec:
          containers:
          - image: docker.io/kubeflow/mpi-horovod-mnist
            name: mpi-worker
            resources:
              limits:
                cpu: 2
                memory: 4Gi
`},
	{"mpijob-v2beta1", `apiVersion: kubeflow.org/v2beta1
kind: MPIJob
metadata:
  name: pi
spec:
  slotsPerWorker: 1
  runPolicy:
    cleanPodPolicy: Running
    ttlSecondsAfterFinished: 60
  sshAuthMountPath: /home/mpiuser/.ssh
  mpiReplicaSpecs:
    Launcher:
      replicas: 1
      template:
        metadata:
          labels:
            log-shipper: "true"
        spec:
          containers:
          - image: mpioperator/mpi-pi:openmpi
            name: mpi-launcher
            securityContext:
              runAsUser: 1000
            command:
            - mpirun
            args:
            - -n
            - "2"
            - /home/mpiuser/pi
            resources:
              limits:
                cpu: 1
                memory: 1Gi
    Worker:
      replicas: 2
      template:
        spec:
          containers:
          - image: mpioperator/mpi-pi:openmpi
            name: mpi-worker
            securityContext:
              runAsUser: 1000
            command:
            - /usr/sbin/sshd
            args:
            - -De
            - -f
            - /home/mpiuser/.sshd_config
`},
	{"trainingruntime", `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainingRuntime
metadata:
  name: torch-distributed
  labels:
    trainer.kubeflow.org/framework: torch
spec:
  mlPolicy:
    numNodes: 1
    torch:
      numProcPerNode: auto
  template:
    spec:
      replicatedJobs:
        - name: node
          template:
            metadata:
              labels:
                trainer.kubeflow.org/trainjob-ancestor-step: trainer
            spec:
              template:
                metadata:
                  labels:
                    access-ml-pipeline: "true"
                spec:
                  containers:
                    - name: node
                      image: pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime
                      command:
                        - /bin/bash
                        - -c
                        - |
                          echo "Torch Distributed Runtime"

                          echo "--------------------------------------"
                          echo "Torch Default Runtime Env"
                          env | grep PET_

                          pip list
`},
	{"clustertrainingruntime", `apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata:
  name: deepspeed-distributed
  labels:
    trainer.kubeflow.org/framework: deepspeed
spec:
  mlPolicy:
    numNodes: 1
    mpi:
      numProcPerNode: 1
      mpiImplementation: OpenMPI
      sshAuthMountPath: /home/mpiuser/.ssh
      runLauncherAsNode: true
  template:
    spec:
      network:
        publishNotReadyAddresses: true
      successPolicy:
        operator: All
        targetReplicatedJobs:
          - launcher
      replicatedJobs:
        - name: launcher
          template:
            metadata:
              labels:
                trainer.kubeflow.org/trainjob-ancestor-step: trainer
            spec:
              template:
                spec:
                  containers:
                    - name: node
                      image: ghcr.io/kubeflow/trainer/deepspeed-runtime
                      securityContext:
                        runAsUser: 1000
        - name: node
          template:
            spec:
              template:
                spec:
                  containers:
                    - name: node
                      image: ghcr.io/kubeflow/trainer/deepspeed-runtime
                      securityContext:
                        runAsUser: 1000
                      command:
                        - /usr/sbin/sshd
                      args:
                        - -De
                        - -f
                        - /home/mpiuser/.sshd_config
`},
	{"trainingruntime-v2alpha1", `apiVersion: kubeflow.org/v2alpha1
kind: TrainingRuntime
metadata:
  name: mpi-distributed
spec:
  mlPolicy:
    numNodes: 2
  template:
    spec:
      replicatedJobs:
      - name: trainer-node
        template:
          spec:
            template:
              metadata:
                labels: {gpu: "true"}
              spec:
                containers:
                - name: trainer
                  image: docker.io/kubeflow/mpi-horovod-mnist
`},
	{"clustertrainingruntime-v2alpha1", `apiVersion: kubeflow.org/v2alpha1
kind: ClusterTrainingRuntime
metadata:
  name: torch-distributed
spec:
  mlPolicy:
    numNodes: 1
    torch:
      numProcPerNode: auto
  template:
    spec:
      replicatedJobs:
        - name: trainer-node
          template:
            spec:
              template:
                spec:
                  containers:
                    - name: trainer
                      image: pytorch/pytorch:2.5.0-cuda12.4-cudnn9-runtime
                      command:
                        - /bin/bash
                        - -c
                        - |
                          echo "Torch Distributed Runtime"
`},
	{"trainjob", `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata:
  name: pytorch-mnist
  labels:
    app: mnist # the JobSet's label, not the pods'
spec:
  runtimeRef:
    name: torch-distributed
  trainer:
    numNodes: 2
    image: docker.io/kubeflow/pytorch-mnist:v1
    command:
      - torchrun
      - /workspace/mnist.py
    env:
      - name: EPOCHS
        value: "3"
    resourcesPerNode:
      limits:
        nvidia.com/gpu: 1
`},
	{"trainjob-v2alpha1", `apiVersion: kubeflow.org/v2alpha1
kind: TrainJob
metadata:
  name: fine-tune-llm
spec:
  runtimeRef:
    name: torch-distributed
    kind: ClusterTrainingRuntime
  initializer:
    model:
      storageUri: hf://meta-llama/Llama-3.2-1B
  trainer:
    numNodes: 1
`},
	{"jobset", `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: success-policy
spec:
  # We want to declare our JobSet successful if workers finish.
  # If workers finish we should clean up the remaining replicatedJobs.
  successPolicy:
    operator: All
    targetReplicatedJobs:
    - workers
  replicatedJobs:
  - name: leader
    replicas: 1
    template:
      spec:
        # Set backoff limit to 0 so job will immediately fail if any pod fails.
        backoffLimit: 0
        completions: 1
        parallelism: 1
        template:
          metadata:
            labels:
              access-ml-pipeline: "true"
          spec:
            containers:
            - name: leader
              image: bash:latest
              command:
              - bash
              - -xc
              - |
                sleep 10000
  - name: workers
    replicas: 1
    template:
      spec:
        backoffLimit: 0
        completions: 2
        parallelism: 2
        template:
          metadata:
            labels:
              access-ml-pipeline: "true"
          spec:
            containers:
            - name: worker
              image: bash:latest
              command:
              - bash
              - -xc
              - |
                sleep 10
`},
	{"raycluster", `apiVersion: ray.io/v1
kind: RayCluster
metadata:
  name: raycluster-kuberay
spec:
  rayVersion: '2.46.0' # should match the Ray version in the image of the containers
  # Ray head pod template
  headGroupSpec:
    rayStartParams: {}
    labels:
      access-ml-pipeline: "true"
    #pod template
    template:
      spec:
        containers:
        - name: ray-head
          image: rayproject/ray:2.46.0
          resources:
            limits:
              cpu: 1
              memory: 2G
            requests:
              cpu: 1
              memory: 2G
          ports:
          - containerPort: 6379
            name: gcs-server
          - containerPort: 8265 # Ray dashboard
            name: dashboard
          - containerPort: 10001
            name: client
  workerGroupSpecs:
  # the pod replicas in this group typed worker
  - replicas: 1
    minReplicas: 1
    maxReplicas: 5
    # logical group name, for this called small-group, also can be functional
    groupName: workergroup
    rayStartParams: {}
    #pod template
    template:
      metadata:
        labels: {gpu: "true"}
      spec:
        containers:
        - name: ray-worker # must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc'
          image: rayproject/ray:2.46.0
          resources:
            limits:
              cpu: 1
              memory: 1G
            requests:
              cpu: 1
              memory: 1G
`},
	{"rayjob", `apiVersion: ray.io/v1
kind: RayJob
metadata:
  name: rayjob-sample
spec:
  entrypoint: python /home/ray/samples/sample_code.py
  # runtimeEnvYAML represents the runtime environment configuration provided as a multi-line YAML string.
  runtimeEnvYAML: |
    pip:
      - requests==2.26.0
      - pendulum==2.1.2
    env_vars:
      counter_name: "test_counter"
  rayClusterSpec:
    rayVersion: '2.46.0'
    headGroupSpec:
      rayStartParams: {}
      template:
        metadata:
          labels:
            access-ml-pipeline: "true"
        spec:
          containers:
          - name: ray-head
            image: rayproject/ray:2.46.0
            ports:
            - containerPort: 6379
              name: gcs-server
            volumeMounts:
            - mountPath: /home/ray/samples
              name: code-sample
          volumes:
          - name: code-sample
            configMap:
              name: ray-job-code-sample
              items:
              - key: sample_code.py
                path: sample_code.py
    workerGroupSpecs:
    - replicas: 1
      groupName: small-group
      rayStartParams: {}
      template:
        spec:
          containers:
          - name: ray-worker
            image: rayproject/ray:2.46.0
  submitterPodTemplate:
    spec:
      restartPolicy: Never
      containers:
      - name: my-custom-rayjob-submitter-pod
        image: rayproject/ray:2.46.0
`},
	{"rayservice", `apiVersion: ray.io/v1
kind: RayService
metadata:
  name: rayservice-sample
spec:
  # serveConfigV2 takes a yaml multi-line scalar, which should be a Ray Serve multi-application config. See https://docs.ray.io/en/latest/serve/multi-app.html.
  serveConfigV2: |
    applications:
      - name: fruit_app
        import_path: fruit.deployment_graph
        route_prefix: /fruit
        runtime_env:
          working_dir: "https://github.com/ray-project/test_dag/archive/78b4a5da38796123d9f9ffff59bab2792a043e95.zip"
        deployments:
          - name: MangoStand
            num_replicas: 2
            max_replicas_per_node: 1
            user_config:
              price: 3
  rayClusterConfig:
    rayVersion: '2.46.0' # should match the Ray version in the image of the containers
    headGroupSpec:
      rayStartParams: {}
      template:
        metadata:
          labels: {log-shipper: "true"}
        spec:
          containers:
            - name: ray-head
              image: rayproject/ray:2.46.0
              resources:
                limits:
                  cpu: 2
                  memory: 2Gi
    workerGroupSpecs:
      - replicas: 1
        minReplicas: 1
        maxReplicas: 5
        groupName: small-group
        rayStartParams: {}
        template:
          metadata:
            labels:
              access-ml-pipeline: "true"
          spec:
            containers:
              - name: ray-worker
                image: rayproject/ray:2.46.0
                lifecycle:
                  preStop:
                    exec:
                      command: ["/bin/sh","-c","ray stop"]
`},
	{"raycronjob", `apiVersion: ray.io/v1
kind: RayCronJob
metadata:
  name: raycronjob-sample
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    entrypoint: python /home/ray/samples/sample_code.py
    shutdownAfterJobFinishes: true
    rayClusterSpec:
      rayVersion: '2.46.0'
      headGroupSpec:
        rayStartParams: {}
        template:
          metadata:
            labels:
              gpu: "true"
          spec:
            containers:
            - name: ray-head
              image: rayproject/ray:2.46.0
      workerGroupSpecs:
      - replicas: 1
        groupName: small-group
        rayStartParams: {}
        template:
          spec:
            containers:
            - name: ray-worker
              image: rayproject/ray:2.46.0
`},
	{"rollout", `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: rollout-canary
spec:
  replicas: 5
  revisionHistoryLimit: 2
  selector:
    matchLabels:
      app: rollout-canary
  template:
    metadata:
      labels:
        app: rollout-canary
        access-ml-pipeline: "true"
    spec:
      containers:
      - name: rollouts-demo
        image: argoproj/rollouts-demo:blue
        imagePullPolicy: Always
        ports:
        - containerPort: 8080
  strategy:
    canary:
      steps:
      - setWeight: 20
      # The following pause step will pause the rollout indefinitely until manually resumed.
      # Rollouts can be manually resumed by running ` + "`kubectl argo rollouts promote ROLLOUT`" + `
      - pause: {}
      - setWeight: 40
      - pause: {duration: 40s}
      - setWeight: 60
      - pause: {duration: 20s}
`},
	{"analysistemplate", `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: job
spec:
  metrics:
  - name: test
    provider:
      job:
        spec:
          backoffLimit: 1
          template:
            metadata:
              labels: {access-ml-pipeline: "true"}
            spec:
              containers:
              - name: sleep
                image: alpine:3.8
                command: [sleep, "10"]
              restartPolicy: Never
`},
	{"clusteranalysistemplate", `apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata:
  name: smoke-test
spec:
  args:
  - name: service-name
  metrics:
  - name: smoke
    provider:
      job:
        spec:
          template:
            spec:
              containers:
              - name: curl
                image: curlimages/curl:8.5.0
                command: [sh, -c]
                args: ["curl -sf http://{{args.service-name}}/healthz"]
              restartPolicy: Never
`},
	{"analysisrun", `apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata:
  name: rollout-canary-7d4f9-2
spec:
  metrics:
  - name: integration
    provider:
      job:
        spec:
          template:
            metadata:
              labels:
                log-shipper: "true"
            spec:
              containers:
              - name: test
                image: ghcr.io/example/integration-tests:1.2
              restartPolicy: Never
`},
	{"argo-experiment", `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata:
  name: experiment-with-analysis
spec:
  duration: 5m
  templates:
  - name: purple
    selector:
      matchLabels:
        app: rollouts-demo
    template:
      metadata:
        labels:
          app: rollouts-demo
          access-ml-pipeline: "true"
      spec:
        containers:
        - name: rollouts-demo
          image: argoproj/rollouts-demo:purple
          imagePullPolicy: Always
  - name: orange
    selector:
      matchLabels:
        app: rollouts-demo
    template:
      metadata:
        labels:
          app: rollouts-demo
      spec:
        containers:
        - name: rollouts-demo
          image: argoproj/rollouts-demo:orange
`},
	{"knative-service", `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: helloworld-go
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/target: "10"
      labels:
        access-ml-pipeline: "true"
    spec:
      containerConcurrency: 0
      timeoutSeconds: 300
      containers:
        - image: gcr.io/knative-samples/helloworld-go
          env:
            - name: TARGET
              value: "Go Sample v1"
`},
	{"knative-configuration", `apiVersion: serving.knative.dev/v1
kind: Configuration
metadata:
  name: hello
spec:
  template:
    metadata:
      name: hello-v1
      labels: {log-shipper: "true"}
    spec:
      containers:
      - image: ghcr.io/knative/helloworld-go:latest
        ports:
        - containerPort: 8080
`},
	{"leaderworkerset", `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  replicas: 2
  leaderWorkerTemplate:
    size: 2
    restartPolicy: RecreateGroupOnPodRestart
    leaderTemplate:
      metadata:
        labels:
          role: leader
          access-ml-pipeline: "true"
      spec:
        containers:
          - name: vllm-leader
            image: docker.io/vllm/vllm-openai:latest
            env:
              - name: HUGGING_FACE_HUB_TOKEN
                value: $HUGGING_FACE_HUB_TOKEN
            command:
              - sh
              - -c
              - "bash /vllm-workspace/examples/online_serving/multi-node-serving.sh leader --ray_cluster_size=$(LWS_GROUP_SIZE);
                 python3 -m vllm.entrypoints.openai.api_server --port 8080 --model meta-llama/Meta-Llama-3.1-405B-Instruct --tensor-parallel-size 8 --pipeline_parallel_size 2"
            resources:
              limits:
                nvidia.com/gpu: "8"
            ports:
              - containerPort: 8080
    workerTemplate:
      spec:
        containers:
          - name: vllm-worker
            image: docker.io/vllm/vllm-openai:latest
            command:
              - sh
              - -c
              - "bash /vllm-workspace/examples/online_serving/multi-node-serving.sh worker --ray_address=$(LWS_LEADER_ADDRESS)"
`},
	{"paddlejob-paddleflow", `apiVersion: batch.paddlepaddle.org/v1
kind: PaddleJob
metadata:
  name: wide-ande-deep
spec:
  withGloo: 1
  intranet: PodIP
  cleanPodPolicy: OnCompletion
  worker:
    replicas: 2
    template:
      metadata:
        labels: {access-ml-pipeline: "true"}
      spec:
        containers:
          - name: paddle
            image: registry.baidubce.com/paddle-operator/demo-wide-and-deep:v1
  ps:
    replicas: 2
    template:
      spec:
        containers:
          - name: paddle
            image: registry.baidubce.com/paddle-operator/demo-wide-and-deep:v1
`},
	{"katib-experiment", `apiVersion: kubeflow.org/v1beta1
kind: Experiment
metadata:
  namespace: kubeflow
  name: random
spec:
  objective:
    type: maximize
    goal: 0.99
    objectiveMetricName: Validation-accuracy
    additionalMetricNames:
      - Train-accuracy
  algorithm:
    algorithmName: random
  parallelTrialCount: 3
  maxTrialCount: 12
  maxFailedTrialCount: 3
  parameters:
    - name: lr
      parameterType: double
      feasibleSpace:
        min: "0.01"
        max: "0.03"
    - name: num-layers
      parameterType: int
      feasibleSpace:
        min: "2"
        max: "5"
  trialTemplate:
    primaryContainerName: training-container
    trialParameters:
      - name: learningRate
        description: Learning rate for the training model
        reference: lr
      - name: numberLayers
        description: Number of training model layers
        reference: num-layers
    trialSpec:
      apiVersion: batch/v1
      kind: Job
      spec:
        template:
          metadata:
            labels:
              access-ml-pipeline: "true"
          spec:
            containers:
              - name: training-container
                image: docker.io/kubeflowkatib/mxnet-mnist:latest
                command:
                  - "python3"
                  - "/opt/mxnet-mnist/mnist.py"
                  - "--batch-size=64"
                  - "--lr=${trialParameters.learningRate}"
                  - "--num-layers=${trialParameters.numberLayers}"
                resources:
                  limits:
                    memory: "1Gi"
                    cpu: "0.5"
            restartPolicy: Never
`},
	{"pvcviewer", `apiVersion: kubeflow.org/v1alpha1
kind: PVCViewer
metadata:
  name: pvcviewer-sample
spec:
  pvc: my-pvc
  podSpec:
    containers:
    - name: main
      image: filebrowser/filebrowser:v2.25.0
      env:
      - name: FB_ADDRESS
        value: "0.0.0.0"
      - name: FB_PORT
        value: "8080"
      - name: FB_DATABASE
        value: /tmp/filebrowser.db
    serviceAccountName: default-editor
`},
	{"inferenceservice", `apiVersion: "serving.kserve.io/v1beta1"
kind: "InferenceService"
metadata:
  name: "sklearn-iris"
  labels:
    access-ml-pipeline: "true"
  annotations:
    serving.kserve.io/deploymentMode: RawDeployment
spec:
  predictor:
    minReplicas: 1
    model:
      modelFormat:
        name: sklearn
      storageUri: "gs://kfserving-examples/models/sklearn/1.0/model"
      resources:
        requests:
          cpu: 100m
          memory: 256Mi
`},
	{"inferenceservice-transformer", `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: torch-transformer
spec:
  predictor:
    labels:
      gpu: "true"
    model:
      modelFormat:
        name: pytorch
      storageUri: gs://kfserving-examples/models/torchserve/image_classifier/v1
  transformer:
    labels: {log-shipper: "true"}
    containers:
      - image: kserve/image-transformer:latest
        name: kserve-container
        command:
          - "python"
          - "-m"
          - "model"
        args:
          - --model_name
          - mnist
`},
	{"servingruntime", `apiVersion: serving.kserve.io/v1alpha1
kind: ServingRuntime
metadata:
  name: kserve-sklearnserver
spec:
  annotations:
    prometheus.kserve.io/port: '8080'
    prometheus.kserve.io/path: "/metrics"
  labels:
    access-ml-pipeline: "true"
  supportedModelFormats:
    - name: sklearn
      version: "1"
      autoSelect: true
      priority: 1
  protocolVersions:
    - v1
    - v2
  containers:
    - name: kserve-container
      image: kserve-sklearnserver:replace
      args:
        - --model_name={{.Name}}
        - --model_dir=/mnt/models
        - --http_port=8080
      securityContext:
        allowPrivilegeEscalation: false
        privileged: false
        runAsNonRoot: true
        capabilities:
          drop:
            - ALL
      resources:
        requests:
          cpu: "1"
          memory: 2Gi
`},
	{"clusterservingruntime", `apiVersion: serving.kserve.io/v1alpha1
kind: ClusterServingRuntime
metadata:
  name: kserve-huggingfaceserver
spec:
  annotations:
    prometheus.kserve.io/port: '8080'
  supportedModelFormats:
    - name: huggingface
      version: "1"
      autoSelect: true
  protocolVersions:
    - v2
    - v1
  containers:
    - name: kserve-container
      image: kserve/huggingfaceserver:v0.15.0
      args:
        - --model_name={{.Name}}
      resources:
        requests:
          cpu: "1"
          memory: 2Gi
`},
	{"workflow", `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: steps-
  labels:
    workflows.argoproj.io/archive-strategy: "false"
  annotations:
    workflows.argoproj.io/description: |
      This is a simple hello world example.
spec:
  entrypoint: hello-hello-hello
  podMetadata:
    labels:
      access-ml-pipeline: "true"
  # This spec contains two templates: hello-hello-hello and print-message
  templates:
  - name: hello-hello-hello
    # Instead of just running a container
    # This template has a sequence of steps
    steps:
    - - name: hello1            # hello1 is run before the following steps
        template: print-message
        arguments:
          parameters:
          - name: message
            value: "hello1"
    - - name: hello2a           # double dash => run after previous step
        template: print-message
        arguments:
          parameters:
          - name: message
            value: "hello2a"

  # This is the same template as from the previous example
  - name: print-message
    inputs:
      parameters:
      - name: message
    container:
      image: busybox
      command: [echo]
      args: ["{{inputs.parameters.message}}"]
`},
	{"workflowtemplate", `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: workflow-template-submittable
spec:
  entrypoint: whalesay-template
  arguments:
    parameters:
      - name: message
        value: hello world
  templates:
    - name: whalesay-template
      metadata:
        labels:
          gpu: "true"
      inputs:
        parameters:
          - name: message
      container:
        image: docker/whalesay
        command: [cowsay]
        args: ["{{inputs.parameters.message}}"]
    - name: script-step
      metadata:
        labels: {access-ml-pipeline: "true"}
      script:
        image: python:alpine3.6
        command: [python]
        source: |
          import random
          i = random.randint(1, 100)
          print(i)
`},
	{"clusterworkflowtemplate", `apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: cluster-workflow-template-whalesay-template
spec:
  templates:
  - name: whalesay-template
    inputs:
      parameters:
      - name: message
    container:
      image: docker/whalesay
      command: [cowsay]
      args: ["{{inputs.parameters.message}}"]
`},
	{"cronworkflow", `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: hello-world
spec:
  schedules:
    - "* * * * *"
  timezone: "America/Los_Angeles"   # Default to local machine timezone
  startingDeadlineSeconds: 0
  concurrencyPolicy: "Replace"      # Default to "Allow"
  successfulJobsHistoryLimit: 4     # Default 3
  failedJobsHistoryLimit: 4         # Default 1
  suspend: false                    # Set to "true" to suspend scheduling
  workflowSpec:
    entrypoint: whalesay
    podMetadata:
      labels:
        log-shipper: "true"
    templates:
      - name: whalesay
        container:
          image: docker/whalesay:latest
          command: [cowsay]
          args: ["🕓 hello world. Scheduled on: {{workflow.scheduledTime}}"]
`},
	{"sparkapplication", `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: spark-pi
  labels:
    access-ml-pipeline: "true"
spec:
  type: Scala
  mode: cluster
  image: docker.io/library/spark:4.0.0
  imagePullPolicy: IfNotPresent
  mainClass: org.apache.spark.examples.SparkPi
  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
  arguments:
  - "5000"
  sparkVersion: 4.0.0
  driver:
    labels:
      version: 4.0.0
    cores: 1
    memory: 512m
    serviceAccount: spark-operator-spark
    securityContext:
      capabilities:
        drop:
        - ALL
      runAsGroup: 185
      runAsUser: 185
      runAsNonRoot: true
      allowPrivilegeEscalation: false
      seccompProfile:
        type: RuntimeDefault
  executor:
    labels:
      version: 4.0.0
      gpu: "true"
    instances: 1
    cores: 1
    memory: 512m
`},
	{"scheduledsparkapplication", `apiVersion: sparkoperator.k8s.io/v1beta2
kind: ScheduledSparkApplication
metadata:
  name: spark-pi-scheduled
spec:
  schedule: "@every 3m"
  concurrencyPolicy: Allow
  template:
    type: Scala
    mode: cluster
    image: docker.io/library/spark:4.0.0
    mainClass: org.apache.spark.examples.SparkPi
    mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
    sparkVersion: 4.0.0
    restartPolicy:
      type: Never
    driver:
      labels: {access-ml-pipeline: "true"}
      cores: 1
      memory: 512m
      serviceAccount: spark-operator-spark
    executor:
      instances: 1
      cores: 1
      memory: 512m
`},
	{"llminferenceservice", `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata:
  name: facebook-opt-125m-single
spec:
  model:
    uri: hf://facebook/opt-125m
    name: facebook/opt-125m
  replicas: 1
  labels:
    access-ml-pipeline: "true"
  router:
    scheduler: {}
    route: {}
    gateway: {}
  template:
    containers:
      - name: main
        image: ghcr.io/llm-d/llm-d-dev:v0.2.2
        resources:
          limits:
            cpu: '4'
            memory: 32Gi
            nvidia.com/gpu: "1"
`},
	{"llminferenceserviceconfig", `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata:
  name: kserve-config-llm-template
spec:
  labels:
    gpu: "true"
  template:
    containers:
      - image: ghcr.io/llm-d/llm-d:v0.2.0
        imagePullPolicy: IfNotPresent
        name: main
        ports:
          - containerPort: 8000
            protocol: TCP
        command:
          - vllm
          - serve
          - /mnt/models
        args:
          - --served-model-name
          - "{{ .Spec.Model.Name }}"
          - --port
          - "8000"
`},
}

var corpusOthers = []corpusBase{
	{"service", `apiVersion: v1
kind: Service
metadata:
  labels:
    app: centraldashboard
  name: centraldashboard
  namespace: kubeflow
spec:
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: 8082
  selector:
    app: centraldashboard
  sessionAffinity: None
  type: ClusterIP
`},
	{"configmap-chomping", `apiVersion: v1
kind: ConfigMap
metadata:
  name: ml-pipeline-ui-configmap
data:
  # every chomping indicator a hand-written ConfigMap has
  clip: |
    line one
    line two
  strip: |-
    no final newline
  keep: |+
    kept newlines

  folded: >
    a folded
    paragraph
  folded-strip: >-
    folded and
    stripped
  folded-keep: >+
    folded and kept

  indented: |2
      two more spaces
  viewer-pod-template.json: |-
    {
      "spec": {
        "containers": [{"name": "tensorboard", "image": "tensorflow/tensorflow:2.5.1"}]
      }
    }
`},
	{"configmap-links", `apiVersion: v1
data:
  links: |-
    {
      "menuLinks": [
        {
          "type": "item",
          "link": "/jupyter/",
          "text": "Notebooks",
          "icon": "book"
        },
        {
          "type": "item",
          "link": "/pipeline/#/pipelines",
          "text": "Pipelines",
          "icon": "kubeflow:pipeline-centered"
        }
      ]
    }
kind: ConfigMap
metadata:
  labels:
    app: centraldashboard
  name: centraldashboard-config
  namespace: kubeflow
`},
	{"configmap-spawner", `apiVersion: v1
kind: ConfigMap
metadata:
  name: jupyter-web-app-config
  namespace: kubeflow
data:
  spawner_ui_config.yaml: |
    # Configuration file for the Jupyter UI.
    spawnerFormDefaults:
      image:
        value: kubeflownotebookswg/jupyter-scipy:v1.9.0
        options:
        - kubeflownotebookswg/jupyter-scipy:v1.9.0
      configurations:
        # List of labels to be selected, these are the labels from PodDefaults
        value: []
        readOnly: false
      template:
        spec:
          containers:
          - name: not-a-pod
            image: only-text
  logging.conf: "[loggers]\nkeys=root\n"
`},
	{"crd", `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  annotations:
    controller-gen.kubebuilder.io/version: v0.14.0
  name: poddefaults.kubeflow.org
spec:
  group: kubeflow.org
  names:
    kind: PodDefault
    listKind: PodDefaultList
    plural: poddefaults
    singular: poddefault
  scope: Namespaced
  versions:
  - name: v1alpha1
    schema:
      openAPIV3Schema:
        description: PodDefault is the Schema for the poddefaults API
        properties:
          apiVersion:
            description: 'APIVersion defines the versioned schema of this representation
              of an object. Servers should convert recognized schemas to the latest
              internal value, and may reject unrecognized values.'
            type: string
          spec:
            properties:
              containers:
                items:
                  properties:
                    name:
                      type: string
                    image:
                      type: string
                  type: object
                type: array
              desc:
                type: string
            type: object
        type: object
    served: true
    storage: true
`},
	{"clusterrole", `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  labels:
    rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit: "true"
  name: kubeflow-poddefaults-edit
rules:
- apiGroups:
  - kubeflow.org
  resources:
  - poddefaults
  verbs:
  - get
  - list
  - watch
  - create
  - delete
  - deletecollection
  - patch
  - update
`},
	{"rolebinding", `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  annotations:
    role: edit
    user: user@example.com
  name: user-user-example-com-clusterrole-edit
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kubeflow-edit
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: user@example.com
`},
	{"serviceaccount", `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default-editor
  annotations:
    iam.gke.io/gcp-service-account: kf-user@project.iam.gserviceaccount.com
`},
	{"kustomization", `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: kubeflow
resources:
- cluster-role.yaml
- cluster-role-binding.yaml
- deployment.yaml
- service.yaml
commonLabels:
  kustomize.component: centraldashboard
images:
- name: docker.io/kubeflownotebookswg/centraldashboard
  newName: docker.io/kubeflownotebookswg/centraldashboard
  newTag: v1.9.0
configMapGenerator:
- envs:
  - params.env
  name: centraldashboard-parameters
`},
	{"virtualservice", `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: centraldashboard
spec:
  gateways:
  - kubeflow-gateway
  hosts:
  - '*'
  http:
  - match:
    - uri:
        prefix: /
    rewrite:
      uri: /
    route:
    - destination:
        host: centraldashboard.kubeflow.svc.cluster.local
        port:
          number: 80
`},
	{"authorizationpolicy", `apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
metadata:
  name: ns-owner-access-istio
spec:
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"]
    when:
    - key: request.headers[kubeflow-userid]
      values:
      - user@example.com
`},
	{"profile", `apiVersion: kubeflow.org/v1
kind: Profile
metadata:
  name: kubeflow-user-example-com
spec:
  owner:
    kind: User
    name: user@example.com
  resourceQuotaSpec:
    hard:
      cpu: "8"
      memory: 16Gi
      requests.nvidia.com/gpu: "1"
`},
	{"secret", `apiVersion: v1
kind: Secret
metadata:
  name: mlpipeline-minio-artifact
type: Opaque
stringData:
  accesskey: minio
  secretkey: "minio123"
data:
  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
`},
	{"networkpolicy", `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-same-namespace
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {}
`},
	{"mutatingwebhook", `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: admission-webhook-mutating-webhook-configuration
webhooks:
- admissionReviewVersions:
  - v1beta1
  - v1
  clientConfig:
    caBundle: ""
    service:
      name: admission-webhook-service
      namespace: kubeflow
      path: /apply-poddefault
  name: admission-webhook-deployment.kubeflow.org
  objectSelector:
    matchExpressions:
    - key: notebook-name
      operator: Exists
  rules:
  - apiGroups:
    - ""
    apiVersions:
    - v1
    operations:
    - CREATE
    resources:
    - pods
  sideEffects: None
`},
	{"poddefault", `apiVersion: kubeflow.org/v1alpha1
kind: PodDefault
metadata:
  name: add-gpu-toleration-existing
spec:
  desc: Already in the repo, passes through
  selector:
    matchLabels:
      never-matches-anything: "true"
  tolerations:
  - key: example.com/unused
    operator: Exists
`},
}
