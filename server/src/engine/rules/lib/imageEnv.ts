// Environment variables that popular base images set in their image config (`ENV` in their own
// Dockerfiles), which a Dockerfile built on them may use like its own. Only images whose complete
// list we know are here: for any other image, undefined-var assumes the image may set anything.
//
// Sources: the upstream Dockerfiles of each image (union over their Linux variants and recent
// versions), read from the repositories named per entry (docker-library/*, nodejs/docker-node,
// rust-lang/docker-rust, nginxinc/docker-nginx, adoptium/containers, dotnet/dotnet-docker) as of
// 2026-11; older names (e.g. PYTHON_PIP_VERSION) are kept so that files for older tags stay quiet.

const JAVA = ['JAVA_HOME', 'JAVA_VERSION', 'LANG', 'LANGUAGE', 'LC_ALL'];

const TABLE: Record<string, readonly string[]> = {
  // Operating-system images set only PATH.
  alpine: [],
  busybox: [],
  debian: [],
  ubuntu: [],
  'buildpack-deps': [],
  // docker-library/golang
  golang: ['GOLANG_VERSION', 'GOPATH', 'GOTOOLCHAIN'],
  // nodejs/docker-node
  node: ['NODE_VERSION', 'YARN_VERSION'],
  // docker-library/python
  python: [
    'GPG_KEY',
    'LANG',
    'PYTHON_VERSION',
    'PYTHON_SHA256',
    'PYTHON_PIP_VERSION',
    'PYTHON_SETUPTOOLS_VERSION',
    'PYTHON_GET_PIP_URL',
    'PYTHON_GET_PIP_SHA256',
  ],
  // docker-library/ruby
  ruby: [
    'BUNDLE_APP_CONFIG',
    'BUNDLE_SILENCE_ROOT_WARNING',
    'GEM_HOME',
    'LANG',
    'RUBY_DOWNLOAD_SHA256',
    'RUBY_DOWNLOAD_URL',
    'RUBY_MAJOR',
    'RUBY_VERSION',
  ],
  // docker-library/php
  php: [
    'APACHE_CONFDIR',
    'APACHE_ENVVARS',
    'GPG_KEYS',
    'PHPIZE_DEPS',
    'PHP_ASC_URL',
    'PHP_CFLAGS',
    'PHP_CPPFLAGS',
    'PHP_INI_DIR',
    'PHP_LDFLAGS',
    'PHP_SHA256',
    'PHP_URL',
    'PHP_VERSION',
  ],
  // rust-lang/docker-rust
  rust: ['CARGO_HOME', 'RUSTUP_HOME', 'RUST_VERSION'],
  // docker-library/openjdk, adoptium/containers
  openjdk: JAVA,
  'eclipse-temurin': JAVA,
  // docker-library/tomcat (built on eclipse-temurin)
  tomcat: [
    ...JAVA,
    'CATALINA_HOME',
    'GPG_KEYS',
    'LD_LIBRARY_PATH',
    'TOMCAT_MAJOR',
    'TOMCAT_NATIVE_LIBDIR',
    'TOMCAT_SHA512',
    'TOMCAT_VERSION',
  ],
  // nginxinc/docker-nginx
  nginx: ['DYNPKG_RELEASE', 'NGINX_VERSION', 'NJS_RELEASE', 'NJS_VERSION', 'OTEL_VERSION', 'PKG_RELEASE'],
  // docker-library/httpd
  httpd: ['HTTPD_PATCHES', 'HTTPD_PREFIX', 'HTTPD_SHA256', 'HTTPD_VERSION'],
  // docker-library/redis
  redis: ['GOSU_VERSION', 'REDIS_DOWNLOAD_SHA', 'REDIS_DOWNLOAD_URL', 'REDIS_VERSION'],
  // docker-library/postgres
  postgres: ['DOCKER_PG_LLVM_DEPS', 'GOSU_VERSION', 'LANG', 'PGDATA', 'PG_MAJOR', 'PG_SHA256', 'PG_VERSION'],
  // docker-library/memcached
  memcached: ['MEMCACHED_SHA1', 'MEMCACHED_URL', 'MEMCACHED_VERSION'],
  // docker-library/rabbitmq
  rabbitmq: [
    'ERLANG_INSTALL_PATH_PREFIX',
    'HOME',
    'LANG',
    'LANGUAGE',
    'LC_ALL',
    'OPENSSL_INSTALL_PATH_PREFIX',
    'RABBITMQ_DATA_DIR',
    'RABBITMQ_HOME',
    'RABBITMQ_PGP_KEY_ID',
    'RABBITMQ_VERSION',
    'RUNNING_UNDER_SYSTEMD',
  ],
  // docker-library/docker
  docker: [
    'DIND_COMMIT',
    'DOCKER_BUILDX_VERSION',
    'DOCKER_COMPOSE_VERSION',
    'DOCKER_TLS_CERTDIR',
    'DOCKER_VERSION',
  ],
};

// dotnet/dotnet-docker: runtime-deps, runtime, aspnet and sdk images (the union).
const DOTNET = [
  'APP_UID',
  'ASPNETCORE_HTTP_PORTS',
  'ASPNET_VERSION',
  'DOTNET_GENERATE_ASPNET_CERTIFICATE',
  'DOTNET_NOLOGO',
  'DOTNET_RUNNING_IN_CONTAINER',
  'DOTNET_SDK_VERSION',
  'DOTNET_SYSTEM_GLOBALIZATION_INVARIANT',
  'DOTNET_USE_POLLING_FILE_WATCHER',
  'DOTNET_VERSION',
  'LANG',
  'LC_ALL',
  'NUGET_XMLDOC_MODE',
  'POWERSHELL_DISTRIBUTION_CHANNEL',
];

/**
 * The variables an image sets (PATH included: BuildKit sets it for every Linux stage), or undefined
 * when the image is not one whose environment we know. `image` is the canonical name (`node`,
 * `mcr.microsoft.com/dotnet/sdk`), `scratch` for the empty image.
 */
export function knownImageEnvironment(image: string): readonly string[] | undefined {
  if (image === 'scratch') return ['PATH'];
  if (/^mcr\.microsoft\.com\/dotnet\/(?:sdk|aspnet|runtime|runtime-deps)$/.test(image))
    return ['PATH', ...DOTNET];
  const names = TABLE[image];
  return names ? ['PATH', ...names] : undefined;
}
