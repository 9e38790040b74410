"""pom.xml, the one place for versions, as the tests read it: one reader for every Python test."""
import pathlib
import re
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
_NS = {'m': 'http://maven.apache.org/POM/4.0.0'}


def pom_versions():
    """group:artifact[:classifier] -> version, from the parent pom's dependencyManagement."""
    tree = ET.parse(ROOT / 'pom.xml').getroot()
    props = {p.tag.split('}')[1]: (p.text or '').strip() for p in tree.find('m:properties', _NS)}
    props['project.version'] = tree.find('m:version', _NS).text.strip()

    def expand(text):
        return re.sub(r'\$\{([^}]+)\}', lambda m: props.get(m.group(1), m.group(0)), text)

    versions = {}
    for dep in tree.findall('m:dependencyManagement/m:dependencies/m:dependency', _NS):
        key = dep.find('m:groupId', _NS).text + ':' + dep.find('m:artifactId', _NS).text
        classifier = dep.find('m:classifier', _NS)
        if classifier is not None:
            key += ':' + classifier.text
        versions[key] = expand(dep.find('m:version', _NS).text)
    return versions


def coordinate(key, versions=None):
    """The %maven coordinate of a managed dependency: 'group:artifact[:classifier]' -> 'group:artifact:version'
    or 'group:artifact:jar:classifier:version'."""
    versions = versions or pom_versions()
    if key not in versions:
        raise KeyError(f'{key} is not pinned in pom.xml <dependencyManagement>')
    parts = key.split(':')
    if len(parts) == 3:
        return f'{parts[0]}:{parts[1]}:jar:{parts[2]}:{versions[key]}'
    return f'{key}:{versions[key]}'
