import factory

from emg.tests.factories import EntityFactory, UserFactory
from mandates.models import FocalPoint, Mandate


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate
        django_get_or_create = ("key",)

    kind = Mandate.Kind.IMG
    name = factory.Sequence(lambda n: f"Issue Management Group on Topic {n}")
    key = factory.Sequence(lambda n: f"img:topic {n}")


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    mandate = factory.SubFactory(MandateFactory)
    user = factory.SubFactory(UserFactory, role="focal_point")
    nominated_by = factory.SubFactory(EntityFactory)
