# %%
words = ___
print("-".join(words))
