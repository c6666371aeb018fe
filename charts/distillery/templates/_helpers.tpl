{{/*
Names, labels and the pieces every Distillery service shares. The environment helpers
(distillery.env.*) list each service's settings; a test compares them with deploy/k8s/base and
checks every Distillery__* key against the options classes the services bind.
*/}}

{{- define "distillery.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of one component: (dict "root" $ "component" "training") */}}
{{- define "distillery.labels" -}}
{{ include "distillery.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "distillery.selectorLabels" -}}
app.kubernetes.io/name: distillery
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* An image of ours: (dict "root" $ "repository" "distillery-training" "tag" "") */}}
{{- define "distillery.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $tag := .tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "distillery.rabbitmqHost" -}}
{{- if .Values.rabbitmq.bundled -}}
{{- printf "%s-rabbitmq" (include "distillery.fullname" .) -}}
{{- else -}}
{{- required "rabbitmq.host is required when rabbitmq.bundled is false" .Values.rabbitmq.host -}}
{{- end -}}
{{- end -}}

{{- define "distillery.otlpEndpoint" -}}
{{- if .Values.observability.collector.enabled -}}
{{- printf "http://%s-otel-collector:4318" (include "distillery.fullname" .) -}}
{{- else -}}
{{- .Values.observability.otlpEndpoint -}}
{{- end -}}
{{- end -}}

{{/* The gRPC address of another Distillery service: (dict "root" $ "component" "inference") */}}
{{- define "distillery.grpcAddress" -}}
{{- printf "http://%s-%s:%v" (include "distillery.fullname" .root) .component .root.Values.ports.grpc -}}
{{- end -}}

{{/*
The gRPC endpoint (HTTP/2 without TLS: prior knowledge needs an endpoint of its own) of a service
whose host serves gRPC (Coordinator, Training, Inference): its API and the health service the
probes call. The shared ConfigMap holds the HTTP/1.1 endpoint every host serves.
*/}}
{{- define "distillery.env.grpc" -}}
- name: Kestrel__Endpoints__Grpc__Url
  value: {{ printf "http://0.0.0.0:%v" .Values.ports.grpc | quote }}
- name: Kestrel__Endpoints__Grpc__Protocols
  value: Http2
{{- end -}}

{{/* Broker credentials (Distillery:Bus:Username/Password) from the broker's Secret. */}}
{{- define "distillery.env.bus" -}}
- name: Distillery__Bus__Username
  valueFrom:
    secretKeyRef:
      name: {{ .Values.rabbitmq.existingSecret }}
      key: {{ .Values.rabbitmq.usernameKey }}
- name: Distillery__Bus__Password
  valueFrom:
    secretKeyRef:
      name: {{ .Values.rabbitmq.existingSecret }}
      key: {{ .Values.rabbitmq.passwordKey }}
{{- end -}}

{{/* Distillery:Database:ConnectionString from the database's Secret. */}}
{{- define "distillery.env.database" -}}
- name: Distillery__Database__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ .Values.postgresql.existingSecret }}
      key: {{ .Values.postgresql.connectionStringKey }}
{{- end -}}

{{- define "distillery.env.coordinator" -}}
{{ include "distillery.env.grpc" . }}
{{ include "distillery.env.bus" . }}
{{ include "distillery.env.database" . }}
- name: Distillery__Auth__PrincipalsFile
  value: /etc/distillery/principals/jobs.json
- name: Distillery__Auth__ProtectedServices__0
  value: distillery.v1.Jobs
- name: Distillery__Grpc__MaxReceiveMessageSize
  value: {{ .Values.coordinator.maxReceiveMessageSize | quote }}
- name: Distillery__Coordinator__LabelBatchSize
  value: {{ .Values.coordinator.labelBatchSize | quote }}
- name: Distillery__Coordinator__MaxActiveTasksPerJob
  value: {{ .Values.coordinator.maxActiveTasksPerJob | quote }}
- name: Distillery__Coordinator__MaxActiveTasks
  value: {{ .Values.coordinator.maxActiveTasks | quote }}
{{- end -}}

{{- define "distillery.env.labeling" -}}
{{ include "distillery.env.bus" . }}
{{ include "distillery.env.database" . }}
- name: Distillery__Labeling__Endpoints__inference__ApiKey
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.serviceTokens.name }}
      key: {{ .Values.secrets.serviceTokens.labelingKey }}
- name: Distillery__Labeling__Endpoints__openai__ApiKey
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.openai.name }}
      key: {{ .Values.secrets.openai.key }}
      optional: true
- name: Distillery__Labeling__LabelCache
  value: Postgres
- name: Distillery__Labeling__ConcurrentBatches
  value: {{ .Values.labeling.concurrentBatches | quote }}
- name: Distillery__Labeling__TeacherChunkSize
  value: {{ .Values.labeling.teacherChunkSize | quote }}
{{- range $model, $price := .Values.labeling.openai.prices }}
- name: Distillery__Labeling__Endpoints__openai__Prices__{{ $model }}__PromptUsdPerMillionTokens
  value: {{ $price.promptUsdPerMillionTokens | quote }}
- name: Distillery__Labeling__Endpoints__openai__Prices__{{ $model }}__CompletionUsdPerMillionTokens
  value: {{ $price.completionUsdPerMillionTokens | quote }}
{{- end }}
{{- end -}}

{{- define "distillery.env.inference" -}}
{{ include "distillery.env.grpc" . }}
- name: Distillery__Inference__ModelFolder
  value: {{ .Values.inference.models.mountPath }}
- name: Distillery__Auth__PrincipalsFile
  value: /etc/distillery/principals/inference.json
{{- end -}}

{{- define "distillery.env.training" -}}
{{ include "distillery.env.grpc" . }}
- name: Distillery__Auth__PrincipalsFile
  value: /etc/distillery/principals/students.json
{{ include "distillery.env.bus" . }}
{{ include "distillery.env.database" . }}
- name: Distillery__Training__ModelStore
  value: Postgres
- name: Distillery__Training__DataSource
  value: Postgres
- name: Distillery__Training__EmbeddingCache
  value: Postgres
- name: Distillery__Training__PredictionBatchSize
  value: {{ .Values.training.predictionBatchSize | quote }}
{{- end -}}

{{- define "distillery.env.evaluation" -}}
{{ include "distillery.env.bus" . }}
{{ include "distillery.env.database" . }}
- name: Distillery__Evaluation__StudentsAddress
  value: {{ include "distillery.grpcAddress" (dict "root" . "component" "training") }}
- name: Distillery__Evaluation__StudentsToken
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.serviceTokens.name }}
      key: {{ .Values.secrets.serviceTokens.evaluationKey }}
{{- end -}}

{{/*
A Distillery service: ServiceAccount, Deployment, Service and PodDisruptionBudget.
"grpc" true: the host serves gRPC (its env includes distillery.env.grpc); it gets the grpc port and
Kubernetes' native gRPC startup and readiness probes (grpc.health.v1.Health). Otherwise only the
HTTP port, probed on /health/ready. Liveness is /health/live on HTTP either way.
(dict "root" $ "component" "training" "grpc" bool "repository" "..." "env" "..." "managedReplicas" bool
      "resources" map "nodeSelector" map "tolerations" list
      "initContainers" "..." "volumes" "..." "volumeMounts" "...")
*/}}
{{- define "distillery.workload" -}}
{{- $root := .root -}}
{{- $values := index $root.Values .component -}}
{{- $name := printf "%s-%s" (include "distillery.fullname" $root) .component -}}
{{- $labels := dict "root" $root "component" .component -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ $name }}
  labels:
    {{- include "distillery.labels" $labels | nindent 4 }}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "distillery.labels" $labels | nindent 4 }}
spec:
  {{- if not .managedReplicas }}
  replicas: {{ $values.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "distillery.selectorLabels" $labels | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "distillery.selectorLabels" $labels | nindent 8 }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/config.yaml") $root | sha256sum }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ $name }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        runAsUser: 1654
        runAsGroup: 1654
        fsGroup: 1654
        seccompProfile:
          type: RuntimeDefault
      {{- with .nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .initContainers }}
      initContainers:
        {{- . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "distillery.image" (dict "root" $root "repository" .repository "tag" $values.image.tag) }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            {{- if .grpc }}
            - name: grpc
              containerPort: {{ $root.Values.ports.grpc }}
            {{- end }}
            - name: http
              containerPort: {{ $root.Values.ports.http }}
          envFrom:
            - configMapRef:
                name: {{ include "distillery.fullname" $root }}-config
          {{- with .env }}
          env:
            {{- . | nindent 12 }}
          {{- end }}
          startupProbe:
            {{- if .grpc }}
            grpc:
              port: {{ $root.Values.ports.grpc }}
            {{- else }}
            httpGet:
              path: /health/ready
              port: http
            {{- end }}
            periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
            failureThreshold: {{ $values.startupFailureThreshold | default $root.Values.probes.startup.failureThreshold }}
          readinessProbe:
            {{- if .grpc }}
            grpc:
              port: {{ $root.Values.ports.grpc }}
            {{- else }}
            httpGet:
              path: /health/ready
              port: http
            {{- end }}
            periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.readiness.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
          livenessProbe:
            httpGet:
              path: /health/live
              port: http
            periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.liveness.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
          resources:
            {{- toYaml .resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if .principals }}
            - name: principals
              mountPath: /etc/distillery/principals
              readOnly: true
            {{- end }}
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if .principals }}
        # Who may call this service's API: principals by the SHA-256 of their tokens.
        - name: principals
          secret:
            secretName: {{ $root.Values.secrets.principals.name }}
            items:
              - key: {{ .principals }}
                path: {{ .principals }}
        {{- end }}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "distillery.labels" $labels | nindent 4 }}
  {{- with .serviceAnnotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .serviceType | default "ClusterIP" }}
  selector:
    {{- include "distillery.selectorLabels" $labels | nindent 4 }}
  ports:
    {{- if .grpc }}
    - name: grpc
      port: {{ $root.Values.ports.grpc }}
      targetPort: grpc
      appProtocol: kubernetes.io/h2c
    {{- end }}
    - name: http
      port: {{ $root.Values.ports.http }}
      targetPort: http
{{- with $values.pdb }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "distillery.labels" $labels | nindent 4 }}
spec:
  {{- if hasKey . "minAvailable" }}
  minAvailable: {{ .minAvailable }}
  {{- else }}
  maxUnavailable: {{ .maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "distillery.selectorLabels" $labels | nindent 6 }}
{{- end }}
{{- end -}}

{{/* A KEDA ScaledObject on a RabbitMQ queue's length: (dict "root" $ "component" "training") */}}
{{- define "distillery.scaledObject" -}}
{{- $keda := (index .root.Values .component).keda -}}
{{- $name := printf "%s-%s" (include "distillery.fullname" .root) .component -}}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ $name }}
  labels:
    {{- include "distillery.labels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  scaleTargetRef:
    name: {{ $name }}
  minReplicaCount: {{ $keda.minReplicas }}
  maxReplicaCount: {{ $keda.maxReplicas }}
  cooldownPeriod: {{ $keda.cooldownSeconds | default 300 }}
  triggers:
    - type: rabbitmq
      metadata:
        protocol: amqp
        queueName: {{ $keda.queueName }}
        mode: QueueLength
        value: {{ $keda.messagesPerReplica | quote }}
      authenticationRef:
        name: {{ include "distillery.fullname" .root }}-rabbitmq
{{- end -}}
