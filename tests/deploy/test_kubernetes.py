"""The Kubernetes manifests in deploy/k8s/: valid against the API schemas, and consistent.

Offline: kubernetes-validate ships the API's JSON schemas.  The checks below are the
mistakes schemas cannot see: a probe on the wrong path, an autoscaler or disruption
budget that selects nothing, a worker killed before its longest task can end, two beats,
a variable the settings never read, a committed secret.
"""

from __future__ import annotations

import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
CONFIG_DOC = ROOT / "docs" / "configuration.md"
NAMESPACE = "homenet"
IMAGE = "ghcr.io/homenet-thailand/commerce"
SECRET_NAME = "homenet-secrets"
CONFIGMAP_NAME = "homenet-config"
WORKER_PROBE = ["python", "-m", "shop.core.observability.worker_probe"]
# The oldest Kubernetes the manifests are meant for, and the newest the validator knows.
KUBERNETES_VERSIONS = ["1.30.0", kubernetes_validate.latest_version()]
WORKLOAD_KINDS = {"Deployment", "Job"}


def manifest_files() -> list[Path]:
    return sorted(p for p in K8S.rglob("*.yaml") if p.name != "kustomization.yaml")


def kustomization_files() -> list[Path]:
    return sorted(K8S.rglob("kustomization.yaml"))


def load_documents() -> list[tuple[Path, dict]]:
    documents = []
    for path in manifest_files():
        for document in yaml.safe_load_all(path.read_text()):
            if document is not None:
                documents.append((path, document))
    return documents


DOCUMENTS = load_documents()


def resources(kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for _, doc in DOCUMENTS if doc["kind"] == kind}


def pod_spec(workload: dict) -> dict:
    return workload["spec"]["template"]["spec"]


def containers(workload: dict) -> list[dict]:
    spec = pod_spec(workload)
    return [*spec.get("initContainers", []), *spec["containers"]]


def workloads() -> list[tuple[str, dict]]:
    return [(f'{doc["kind"]}/{doc["metadata"]["name"]}', doc) for _, doc in DOCUMENTS if doc["kind"] in WORKLOAD_KINDS]


def pod_labels(workload: dict) -> dict:
    return workload["spec"]["template"]["metadata"]["labels"]


def selects(selector: dict, labels: dict) -> bool:
    assert set(selector) <= {"matchLabels"}, "only matchLabels selectors are used here"
    return all(labels.get(key) == value for key, value in selector["matchLabels"].items())


def one_container(workload: dict) -> dict:
    (container,) = pod_spec(workload)["containers"]
    return container


def test_there_are_manifests():
    kinds = {doc["kind"] for _, doc in DOCUMENTS}
    assert {"Namespace", "ConfigMap", "Deployment", "Service", "Ingress", "Job",
            "HorizontalPodAutoscaler", "PodDisruptionBudget"} <= kinds


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize(("path", "document"), DOCUMENTS,
                         ids=[f'{p.relative_to(K8S)}:{d["kind"]}/{d["metadata"]["name"]}' for p, d in DOCUMENTS])
def test_manifest_is_valid_against_the_api_schema(path, document, version):
    # strict: an unknown or misspelt field is an error, not silently dropped by the API server.
    kubernetes_validate.validate(document, version, strict=True)


def test_every_manifest_is_in_exactly_one_kustomization_and_every_listed_file_exists():
    listed: dict[Path, Path] = {}
    for kustomization_path in kustomization_files():
        kustomization = yaml.safe_load(kustomization_path.read_text())
        assert kustomization["kind"] == "Kustomization"
        assert kustomization["namespace"] == NAMESPACE
        assert [image["name"] for image in kustomization["images"]] == [IMAGE]
        for resource in kustomization["resources"]:
            path = (kustomization_path.parent / resource).resolve()
            assert path.is_file(), f"{kustomization_path.relative_to(ROOT)} lists {resource}, which does not exist"
            assert path not in listed, f"{resource} is listed by {listed[path]} and {kustomization_path}"
            listed[path] = kustomization_path
    unlisted = [str(p.relative_to(ROOT)) for p in manifest_files() if p.resolve() not in listed]
    assert not unlisted, f"manifests no kustomization applies: {unlisted}"


def test_the_migration_job_is_applied_on_its_own():
    """A Job cannot be changed once created, and it must finish before the rollout."""
    main = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    for resource in main["resources"]:
        kinds = {doc["kind"] for doc in yaml.safe_load_all((K8S / resource).read_text()) if doc}
        assert "Job" not in kinds, f"{resource}: the migration Job belongs in deploy/k8s/migrate/"
    (job,) = resources("Job").values()
    assert one_container(job)["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert job["spec"]["backoffLimit"] >= 1
    assert job["spec"]["ttlSecondsAfterFinished"] > 0
    assert pod_spec(job)["restartPolicy"] == "Never"


def test_namespace_is_set_on_every_namespaced_resource():
    for path, doc in DOCUMENTS:
        if doc["kind"] == "Namespace":
            assert doc["metadata"]["name"] == NAMESPACE
        else:
            assert doc["metadata"].get("namespace") == NAMESPACE, f"{path.name}: {doc['kind']}/{doc['metadata']['name']}"


def test_no_secret_is_committed():
    for path, doc in DOCUMENTS:
        assert doc["kind"] != "Secret", f"{path.name}: Secrets are created in the cluster, never committed"
    for path in [*manifest_files(), *kustomization_files()]:
        kustomization = yaml.safe_load(path.read_text()) if path.name == "kustomization.yaml" else {}
        assert "secretGenerator" not in kustomization, f"{path}: secret values would live in the repository"


@pytest.mark.parametrize(("name", "workload"), workloads())
def test_every_container_has_requests_and_limits(name, workload):
    for container in containers(workload):
        resources_ = container.get("resources", {})
        for section in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources_.get(section, {})), f"{name}/{container['name']}: {section}"


@pytest.mark.parametrize(("name", "workload"), workloads())
def test_every_pod_runs_unprivileged_with_a_read_only_root(name, workload):
    spec = pod_spec(workload)
    pod_security = spec["securityContext"]
    assert pod_security["runAsNonRoot"] is True
    assert pod_security["runAsUser"] == 10001
    assert pod_security["seccompProfile"]["type"] == "RuntimeDefault"
    assert spec.get("automountServiceAccountToken") is False
    volumes = {volume["name"]: volume for volume in spec.get("volumes", [])}
    for container in containers(workload):
        security = container["securityContext"]
        assert security["allowPrivilegeEscalation"] is False
        assert security["readOnlyRootFilesystem"] is True
        assert security["capabilities"]["drop"] == ["ALL"]
        assert security.get("runAsUser", pod_security["runAsUser"]) != 0
        # Celery beat's schedule, the worker heartbeat, gunicorn's temporary files, uploads.
        tmp = [m for m in container.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
        assert tmp and "emptyDir" in volumes[tmp[0]["name"]], f"{name}: /tmp must be a writable emptyDir"


@pytest.mark.parametrize(("name", "workload"), workloads())
def test_every_container_runs_the_one_image_with_config_and_secret_references(name, workload):
    for container in containers(workload):
        assert container["image"].split(":")[0] == IMAGE
        sources = container.get("envFrom", [])
        assert {"configMapRef": {"name": CONFIGMAP_NAME}} in sources
        assert {"secretRef": {"name": SECRET_NAME}} in sources
        for env in container.get("env", []):
            secret_ref = env.get("valueFrom", {}).get("secretKeyRef")
            if secret_ref:
                assert secret_ref["name"] == SECRET_NAME
            assert not re.search(r"SECRET|PASSWORD|TOKEN|DSN", env["name"]) or "valueFrom" in env, (
                f"{name}: {env['name']} must come from the Secret, not a literal value"
            )


def test_configmap_holds_no_secret():
    config = resources("ConfigMap")[CONFIGMAP_NAME]["data"]
    secrets = {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
               "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "EMAIL_HOST_PASSWORD", "SENTRY_DSN", "JWT_SECRET"}
    assert not secrets & set(config)
    # Production settings refuse to start without a host; media must go to S3 (no shared disk).
    assert config["ALLOWED_HOSTS"] and config["AWS_STORAGE_BUCKET_NAME"]
    assert config["LOG_FORMAT"] == "json"


def test_web_has_health_probes_and_drains_before_it_stops():
    web = resources("Deployment")["web"]
    container = one_container(web)
    assert container["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    port = {p["name"]: p["containerPort"] for p in container["ports"]}["http"]
    assert port == 8000
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["startupProbe"]["httpGet"]["path"] == "/health/live"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["port"] in ("http", 8000)
    # /health/ready's checks run side by side with a 3 s deadline.
    assert container["readinessProbe"]["timeoutSeconds"] > 3

    strategy = web["spec"]["strategy"]
    assert strategy["type"] == "RollingUpdate"
    assert strategy["rollingUpdate"]["maxUnavailable"] == 0

    pre_stop = container["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    gunicorn_conf = (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    graceful = int(re.search(r'GUNICORN_GRACEFUL_TIMEOUT", "(\d+)"', gunicorn_conf).group(1))
    grace = pod_spec(web)["terminationGracePeriodSeconds"]
    assert grace == 40
    assert grace > int(pre_stop[1]) + graceful, "SIGKILL would cut requests gunicorn is finishing"


def worker_deployments() -> dict[str, dict]:
    return {name: d for name, d in resources("Deployment").items()
            if one_container(d)["command"][:4] == ["celery", "-A", "shop", "worker"]}


def queues_of(deployment: dict) -> set[str]:
    command = one_container(deployment)["command"]
    return set(command[command.index("-Q") + 1].split(","))


def test_workers_consume_every_queue_once_send_events_and_have_the_heartbeat_probe(settings):
    workers = worker_deployments()
    assert set(workers) == {"worker", "worker-background"}
    assert queues_of(workers["worker"]) == {"default", "payments"}
    assert queues_of(workers["worker-background"]) == {"notifications", "reports"}
    consumed = [queue for deployment in workers.values() for queue in queues_of(deployment)]
    assert sorted(consumed) == sorted(settings.CELERY_QUEUES_BY_KIND), "each queue needs exactly one worker kind"
    for name, deployment in workers.items():
        container = one_container(deployment)
        assert "-E" in container["command"], f"{name}: the heartbeat and Flower need task events (-E)"
        assert container["livenessProbe"]["exec"]["command"] == WORKER_PROBE
        assert "readinessProbe" not in container, "workers serve no traffic"


def test_workers_outlast_their_longest_task_on_shutdown(settings):
    """SIGTERM is a warm shutdown: the grace period must cover the hard time limit of every task routed there."""
    hard_limits = dict.fromkeys(settings.CELERY_QUEUES_BY_KIND, settings.CELERY_TASK_TIME_LIMIT)
    for task, options in settings.CELERY_TASK_ANNOTATIONS.items():
        queue = next(route["queue"] for pattern, route in settings.CELERY_TASK_ROUTES.items()
                     if re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), task))
        hard_limits[queue] = max(hard_limits[queue], options["time_limit"])
    for name, deployment in worker_deployments().items():
        longest = max(hard_limits[queue] for queue in queues_of(deployment))
        grace = pod_spec(deployment)["terminationGracePeriodSeconds"]
        assert grace > longest, f"{name}: {grace} s grace, but a task may run {longest} s"
    assert pod_spec(worker_deployments()["worker"])["terminationGracePeriodSeconds"] == 330
    assert pod_spec(worker_deployments()["worker-background"])["terminationGracePeriodSeconds"] == 1860


def test_exactly_one_beat_that_never_overlaps_itself():
    beats = {name: d for name, d in resources("Deployment").items()
             if one_container(d)["command"][:4] == ["celery", "-A", "shop", "beat"]}
    assert list(beats) == ["beat"]
    beat = beats["beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"]["type"] == "Recreate"
    assert one_container(beat)["command"][-2:] == ["--schedule", "/tmp/celerybeat-schedule"]
    scaled = {hpa["spec"]["scaleTargetRef"]["name"] for hpa in resources("HorizontalPodAutoscaler").values()}
    assert "beat" not in scaled


def test_autoscalers_target_existing_deployments():
    deployments = resources("Deployment")
    hpas = resources("HorizontalPodAutoscaler")
    assert {"web", "worker", "worker-background"} <= {h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()}
    for name, hpa in hpas.items():
        target = hpa["spec"]["scaleTargetRef"]
        assert target["kind"] == "Deployment" and target["apiVersion"] == "apps/v1"
        assert target["name"] in deployments, f"HPA {name} scales a Deployment that does not exist"
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        (metric,) = hpa["spec"]["metrics"]
        assert metric["resource"]["name"] == "cpu"
        # Utilization is a share of the request: the container must have one.
        assert "cpu" in one_container(deployments[target["name"]])["resources"]["requests"]
        # The autoscaler owns the count: a replicas field would reset it at each apply.
        assert "replicas" not in deployments[target["name"]]["spec"]
    web = next(h for h in hpas.values() if h["spec"]["scaleTargetRef"]["name"] == "web")
    assert (web["spec"]["minReplicas"], web["spec"]["maxReplicas"]) == (2, 10)
    assert web["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 70


def test_disruption_budgets_select_deployments():
    deployments = resources("Deployment")
    budgets = resources("PodDisruptionBudget")
    covered = set()
    for name, budget in budgets.items():
        matched = [d for d, deployment in deployments.items() if selects(budget["spec"]["selector"], pod_labels(deployment))]
        assert matched, f"PodDisruptionBudget {name} selects no Deployment's pods"
        covered.update(matched)
    assert {"web", "worker", "worker-background"} <= covered
    assert budgets["web"]["spec"]["minAvailable"] == 1


def test_deployment_selectors_match_their_pods_and_only_theirs():
    deployments = resources("Deployment")
    for name, deployment in deployments.items():
        assert selects(deployment["spec"]["selector"], pod_labels(deployment)), name
        others = [o for o, other in deployments.items() if o != name and selects(deployment["spec"]["selector"], pod_labels(other))]
        assert not others, f"Deployment {name}'s selector also matches {others}"


def test_services_and_ingress_reach_existing_pods_and_ports():
    deployments = resources("Deployment")
    services = resources("Service")
    assert services["web"]["spec"]["type"] == "ClusterIP"
    assert services["web"]["spec"]["ports"][0]["port"] == 80
    for name, service in services.items():
        targets = [d for d in deployments.values() if selects({"matchLabels": service["spec"]["selector"]}, pod_labels(d))]
        assert targets, f"Service {name} selects no pods"
        port_names = {p["name"] for d in targets for p in one_container(d).get("ports", [])}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in port_names, f"Service {name}: no container port {port['targetPort']}"

    (ingress,) = resources("Ingress").values()
    assert ingress["spec"]["ingressClassName"] == "nginx"
    assert ingress["spec"]["tls"][0]["secretName"]
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == "web", "only the web Service is published (never Flower)"
            assert backend["port"]["name"] in {p["name"] for p in services["web"]["spec"]["ports"]}


def test_ingress_accepts_the_largest_upload(settings):
    (ingress,) = resources("Ingress").values()
    size = ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", size.lower()).groups()
    limit = int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]
    assert limit >= 12 * 1024**2
    assert limit > settings.OEM_UPLOAD_MAX_BYTES * 1.1, "room for the multipart envelope around the file"


def documented_variables() -> set[str]:
    row = re.compile(r"^\|\s*`(?P<name>[A-Z][A-Z0-9_]*)`\s*\|")
    return {m["name"] for line in CONFIG_DOC.read_text().splitlines() if (m := row.match(line))}


def variables_in_manifests() -> dict[str, str]:
    names = {}
    for key in resources("ConfigMap")[CONFIGMAP_NAME]["data"]:
        names[key] = f"ConfigMap {CONFIGMAP_NAME}"
    for name, workload in workloads():
        for container in containers(workload):
            for env in container.get("env", []):
                names[env["name"]] = name
    return names


def test_every_variable_in_the_manifests_is_one_the_project_reads():
    if not CONFIG_DOC.exists():
        pytest.skip("docs/configuration.md (the table of variables the project reads) does not exist yet")
    documented = documented_variables()
    unknown = {name: where for name, where in variables_in_manifests().items() if name not in documented}
    assert not unknown, f"set in the manifests but not read by the project (docs/configuration.md): {unknown}"
